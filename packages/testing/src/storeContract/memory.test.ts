import { memoryStore } from '@redress/core';
import { testEventStore } from './testEventStore';

testEventStore('memory', async () => ({ store: memoryStore() }));
testEventStore('memory with due moments', async () => ({ store: memoryStore({ dueMoments: true }) }));
