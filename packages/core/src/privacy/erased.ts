// The erased marker is the domain's (a complaint's fields are typed with it); privacy reads and writes it.
export { ERASED, isErased, type Erased } from '../domain/erased';
