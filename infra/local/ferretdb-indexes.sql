-- Applied by infra/local/postgres.sh to the database `ferretdb` (FerretDB's backend, infra/local/ferretdb.sh) on
-- every `up`, as the superuser; idempotent.
--
-- FerretDB 1.24 pushes an equality filter down as `_jsonb->'<field>' @> <value>`. Its own b-tree index on
-- `_jsonb->'_id'` cannot serve `@>`, so every look-up by _id (a view read, a revision-guarded upsert) scanned its
-- whole collection. A GIN index on the same expression serves it; an event trigger gives one to every collection
-- table FerretDB creates. FerretDB passes the field name as a parameter (`_jsonb->$1`), which only a custom plan
-- matches against the index expression: hence plan_cache_mode.
--
-- A filter on a nested field (`doc.band3`, with --test-enable-nested-pushdown) goes down as `_jsonb #> $1 @> $2`
-- ($1 = '{doc,band3}'), which FerretDB's own b-tree index on `(_jsonb->'doc' -> 'band3')`, … cannot serve either: each
-- duplicate band look-up of a filing read the whole duplicate index (O(N) per filing; docs/reliability.md). So every
-- index FerretDB creates whose first key is a nested field gets a GIN index on that field's `#>` path beside it: the
-- equality on the compound index's first field is then served as MongoDB serves it from the index's prefix.
SET client_min_messages = warning;
ALTER DATABASE ferretdb SET plan_cache_mode = force_custom_plan;

CREATE OR REPLACE FUNCTION public.appeals_ferretdb_id_index(target regclass) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  rel record;
BEGIN
  SELECT n.nspname, c.relname INTO rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = target;
  IF rel.relname LIKE '\_ferretdb\_%' OR NOT EXISTS (
    SELECT 1 FROM pg_attribute WHERE attrelid = target AND attname = '_jsonb' AND NOT attisdropped
  ) THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> ''_id'') jsonb_path_ops)',
                 left(rel.relname, 50) || '_id_gin', rel.nspname, rel.relname);
END
$fn$;

/** Beside a FerretDB index whose first key is `(_jsonb -> 'a') -> 'b'`: a GIN index on `_jsonb #> '{a,b}'`. */
CREATE OR REPLACE FUNCTION public.appeals_ferretdb_path_index(btree regclass) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  rel record;
  first_key text;
  path text[];
BEGIN
  SELECT n.nspname, t.relname AS tablename, i.relname AS indexname INTO rel
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace WHERE x.indexrelid = btree;
  IF rel.tablename IS NULL OR rel.tablename LIKE '\_ferretdb\_%' OR rel.indexname LIKE '%\_path\_gin' THEN
    RETURN;
  END IF;
  first_key := pg_get_indexdef(btree, 1, true);
  -- only nested fields: `((_jsonb -> 'doc'::text) -> 'band3'::text)` (a top-level field is served by the GIN of
  -- _id or not at all, as before)
  IF first_key !~ '^\(\(_jsonb -> ''[^'']+''::text\)( -> ''[^'']+''::text)+\)$' THEN
    RETURN;
  END IF;
  SELECT array_agg(m[1] ORDER BY ord) INTO path
  FROM regexp_matches(first_key, '''([^'']+)''::text', 'g') WITH ORDINALITY AS r(m, ord);
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb #> %L::text[]) jsonb_path_ops)',
                 left(rel.tablename, 24) || '_' || left(md5(rel.tablename || '/' || array_to_string(path, '.')), 16)
                   || '_path_gin',
                 rel.nspname, rel.tablename, path);
END
$fn$;

-- One trigger for both: a table FerretDB creates gets the GIN index of _id, an index it creates the GIN index of its
-- first key's path.
CREATE OR REPLACE FUNCTION public.appeals_ferretdb_on_create() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT command_tag, objid FROM pg_event_trigger_ddl_commands()
                 WHERE object_type IN ('table', 'index') LOOP
    IF created.command_tag = 'CREATE TABLE' THEN
      PERFORM public.appeals_ferretdb_id_index(created.objid::regclass);
    ELSE
      PERFORM public.appeals_ferretdb_path_index(created.objid::regclass);
    END IF;
  END LOOP;
END
$fn$;

DROP EVENT TRIGGER IF EXISTS appeals_ferretdb_path_index;
DROP EVENT TRIGGER IF EXISTS appeals_ferretdb_id_index;
DROP FUNCTION IF EXISTS public.appeals_ferretdb_on_create_index();
DROP FUNCTION IF EXISTS public.appeals_ferretdb_on_create_table();
DROP EVENT TRIGGER IF EXISTS appeals_ferretdb_indexes;
CREATE EVENT TRIGGER appeals_ferretdb_indexes ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'CREATE INDEX')
  EXECUTE FUNCTION public.appeals_ferretdb_on_create();

-- Tables made before the trigger existed.
DO $$
BEGIN
  PERFORM public.appeals_ferretdb_id_index(c.oid::regclass)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = '_jsonb');
  PERFORM public.appeals_ferretdb_path_index(x.indexrelid::regclass)
  FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = '_jsonb');
END
$$;
