export { startTestWitness, type TestWitness } from './testWitness';
