import { join } from 'node:path';
import { startThread, threadEntry } from './index';

// A worker started from the TypeScript sources (as under tsx or jest) loads them through tsx's hook; a module that
// is not there gives no entry, and the caller keeps the work on its own thread.

const fixtures = join(__dirname, 'fixtures');

describe('worker threads on workspace modules', () => {
  it('finds the .ts worker beside a caller running from its sources, with tsx to load it', () => {
    const entry = threadEntry(fixtures, __filename, 'echo');
    expect(entry?.entry).toBe(join(fixtures, 'echo.ts'));
    expect(entry?.loader).toMatch(/tsx/);
  });

  it('looks for the .js worker beside a built caller, and answers none when it is not there', () => {
    expect(threadEntry(fixtures, join(fixtures, 'main.js'), 'echo')).toBeUndefined();
    expect(threadEntry(fixtures, __filename, 'missing')).toBeUndefined();
  });

  it('starts the worker from its sources with the data it is given', async () => {
    const worker = startThread(threadEntry(fixtures, __filename, 'echo')!, { greeting: 'Сәлем' });
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage('әлем');
      });
      expect(answer).toBe('Сәлем, әлем');
    } finally {
      await worker.terminate();
    }
  });
});
