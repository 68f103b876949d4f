import { memoryKeyStore } from '@redress/core';
import { testKeyStore } from './testKeyStore';

testKeyStore('memory', async () => ({ store: memoryKeyStore() }));
