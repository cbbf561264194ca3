-- Applied by infra/local/postgres.sh to the database `ferretdb` (FerretDB's backend, infra/local/ferretdb.sh) on
-- every `up`, as the superuser; idempotent.
--
-- FerretDB 1.24 pushes an equality filter down as `_jsonb->'<field>' @> <value>`. Its own b-tree index on
-- `_jsonb->'_id'` cannot serve `@>`, so every look-up by _id (a view read, a revision-guarded upsert) scanned its
-- whole collection. A GIN index on the same expression serves it; an event trigger gives one to every collection
-- table FerretDB creates. FerretDB passes the field name as a parameter (`_jsonb->$1`), which only a custom plan
-- matches against the index expression: hence plan_cache_mode.
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

CREATE OR REPLACE FUNCTION public.appeals_ferretdb_on_create_table() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands()
                 WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    PERFORM public.appeals_ferretdb_id_index(created.objid::regclass);
  END LOOP;
END
$fn$;

DROP EVENT TRIGGER IF EXISTS appeals_ferretdb_id_index;
CREATE EVENT TRIGGER appeals_ferretdb_id_index ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
  EXECUTE FUNCTION public.appeals_ferretdb_on_create_table();

-- Tables made before the trigger existed.
DO $$
BEGIN
  PERFORM public.appeals_ferretdb_id_index(c.oid::regclass)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = '_jsonb');
END
$$;
