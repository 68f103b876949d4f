import { format, parse } from 'node:path';

/**
 * The key file that goes with an event-store file: the same name with `.keys`
 * before the extension, in the same directory. Back it up apart from the event
 * file (a copy of both together defeats erasure).
 *
 * @example
 * keyFileBeside('data/complaints.db'); // 'data/complaints.keys.db'
 * keyFileBeside('complaints'); // 'complaints.keys'
 */
export const keyFileBeside = (eventFile: string): string => {
  const { dir, name, ext, root } = parse(eventFile);
  return format({ root, dir, name: `${name}.keys`, ext });
};
