export { testEventStore } from './testEventStore';
export { testEvents, uniqueStreamId, type TestEventOptions } from './testEvents';
export { collect, type StoreFactory, type StoreUnderTest } from './storeContext';
