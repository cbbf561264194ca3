// The anchor "what a user might write instead", embedded flavour, as its own process:
//   node --import tsx crudBaseline.ts DBFILE PORT
// express + better-sqlite3 (WAL): POST /appeals stores a row already `routed` (a lookup table stands in for the
// routing rules), GET /appeals/:id reads it back. Same routes as the project's API, so the same driver runs on it.
import Database from 'better-sqlite3';
import express from 'express';
import { randomUUID } from 'node:crypto';

export function crudApp(filename: string) {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`create table if not exists appeals (id text primary key, reg_no integer unique, kind text,
    category text, region text, text text, applicant text, agency text, status text, created_at text)`);
  db.exec('create table if not exists rules (category text primary key, agency text)');
  db.prepare('insert or ignore into rules values (?, ?), (?, ?)').run(
    'housing_utilities',
    'akimat',
    'education',
    'education-dept',
  );
  const insert =
    db.prepare(`insert into appeals values (@id, (select coalesce(max(reg_no), 0) + 1 from appeals),
    @kind, @category, @region, @text, @applicant, (select agency from rules where category = @category), 'routed',
    datetime('now'))`);
  const read = db.prepare('select * from appeals where id = ?');

  const app = express();
  app.use(express.json({ limit: '64kb' }));
  app.get('/health', (_req, res) => void res.json({ status: 'ok', mode: 'crud-baseline' }));
  app.post('/appeals', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.kind !== 'string' || typeof body.text !== 'string')
      return void res
        .status(400)
        .type('application/problem+json')
        .json({ title: 'kind and text are required' });
    const id = randomUUID();
    insert.run({
      id,
      kind: body.kind,
      category: typeof body.categoryId === 'string' ? body.categoryId : '',
      region: typeof body.regionKato === 'string' ? body.regionKato : '',
      text: body.text,
      applicant: JSON.stringify(body.applicant ?? {}),
    });
    res.status(201).json({ id, trackingCode: id.slice(0, 8) });
  });
  app.get('/appeals/:id', (req, res) => {
    const row = read.get(req.params.id);
    if (row) res.json(row);
    else res.status(404).type('application/problem+json').json({ title: 'not found' });
  });
  return { app, close: () => db.close() };
}

if (require.main === module) {
  const [file, port = '0'] = process.argv.slice(2);
  if (!file) throw new Error('usage: crudBaseline.ts DBFILE PORT');
  const { app, close } = crudApp(file);
  const server = app.listen(Number(port), '127.0.0.1', () => {
    const address = server.address();
    console.log(`crud-baseline listening on ${typeof address === 'object' && address ? address.port : port}`);
  });
  const stop = () => server.close(() => (close(), process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
