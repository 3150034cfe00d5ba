import { MemoryStorage, type StoreItems } from 'botbuilder';

/** Memory storage that counts its writes and shows what it holds (to assert that a turn wrote nothing). */
export class WatchedStorage extends MemoryStorage {
  writes = 0;
  override write(changes: StoreItems): Promise<void> {
    this.writes += 1;
    return super.write(changes);
  }
  held(): string {
    return JSON.stringify((this as unknown as { memory: Record<string, string> }).memory);
  }
}
