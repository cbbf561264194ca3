// Duplicate-index look-ups on a MongoDB-protocol read store (FerretDB locally), the query intake sends for each
// MinHash band of a new appeal (packages/appeal-application/src/duplicates). Usage, with the servers' env exported:
//   pnpm --filter @appeals/bench view-lookups [ENTRIES=3000] [URL …]   (default URL: $MONGODB_URL)
// Fills a collection of its own with ENTRIES index entries (20 bands, a 64-hash sketch; 10 entries per band key),
// then times 20 band look-ups (equality on the band, registeredAt from a year back, oldest first, 10 at most) and
// 20 reads by id; drops the collection. Prints one JSON line per URL.
import { randomUUID } from 'node:crypto';
import { createMongoReadStore } from '@appeals/readstore-mongodb';

const entries = Number(process.argv[2] ?? 3000);
const urls = process.argv.slice(3);
if (urls.length === 0 && process.env.MONGODB_URL) urls.push(process.env.MONGODB_URL);

function entry(i: number) {
  const bands = Object.fromEntries(
    Array.from({ length: 20 }, (_, b) => [`band${b}`, `b${b}-k${i % (entries / 10)}`]),
  );
  return {
    appealId: `a${i}`,
    registeredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    sketch: Array.from({ length: 64 }, (_, s) => `h${(i * 7 + s) % 997}`),
    ...bands,
  };
}

async function timed(times: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < times; i++) await run(i);
  return +((performance.now() - started) / times).toFixed(1);
}

async function measure(url: string) {
  const views = createMongoReadStore({ url });
  const collection = `lookups_${randomUUID().slice(0, 8)}`;
  try {
    for (let b = 0; b < 20; b++) await views.ensureIndex(collection, [`band${b}`, 'registeredAt']);
    for (let i = 0; i < entries; i += 100)
      await Promise.all(
        Array.from({ length: Math.min(100, entries - i) }, (_, j) =>
          views.upsert(collection, `a${i + j}`, entry(i + j), 1),
        ),
      );
    const bandLookupMs = await timed(20, (i) =>
      views.findItems(collection, {
        where: { [`band${i}`]: `b${i}-k${i}`, registeredAt: { gte: '2025-12-01T00:00:00.000Z' } },
        sort: [['registeredAt', 'asc']],
        limit: 10,
      }),
    );
    const getMs = await timed(20, (i) => views.get(collection, `a${i * 13}`));
    return { url, entries, bandLookupMs, getMs };
  } finally {
    await views.drop(collection);
    await views.close();
  }
}

async function main() {
  for (const url of urls) console.log(JSON.stringify(await measure(url)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
