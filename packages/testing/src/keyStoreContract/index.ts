export { testKeyStore } from './testKeyStore';
export type { KeyStoreFactory, KeyStoreUnderTest } from './keyStoreContext';
