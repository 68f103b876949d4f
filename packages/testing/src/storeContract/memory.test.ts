import { memoryStore } from '@redress/core';
import { testEventStore } from './testEventStore';

testEventStore('memory', async () => ({ store: memoryStore() }));
