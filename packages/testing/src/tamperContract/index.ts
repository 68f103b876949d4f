export { tamperedReadSuite, type TamperTarget } from './tamperedReads';
