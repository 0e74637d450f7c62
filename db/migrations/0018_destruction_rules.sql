-- The destruction log (convenant art. 13) is append-only, like audit.log: the database refuses UPDATE, DELETE
-- and TRUNCATE; an owner who disables these triggers is caught by the hash chain (npm run records:verify).
CREATE FUNCTION records.refuse_destruction_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'records.destructions is append-only (convenant art. 13): % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER destructions_refuse_update_delete BEFORE UPDATE OR DELETE ON records.destructions
  FOR EACH ROW EXECUTE FUNCTION records.refuse_destruction_change();
--> statement-breakpoint
CREATE TRIGGER destructions_refuse_truncate BEFORE TRUNCATE ON records.destructions
  FOR EACH STATEMENT EXECUTE FUNCTION records.refuse_destruction_change();
--> statement-breakpoint
-- Has a file's retention really ended (art. 13.1, 13.3)? Its tombstone says destroyed, at a moment its own clock
-- (last processing) and its covenant's periods made due — the rules of shared/domain/retention.ts, in Dutch
-- calendar months. An hour's leeway: around a clock change the application resolves a wall-clock time that does
-- not exist (or exists twice) to an instant up to an hour from PostgreSQL's.
CREATE FUNCTION records.retention_ended(kind text, file uuid) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
DECLARE
  f record;
  periods jsonb;
  months integer;
BEGIN
  IF kind = 'weighing' THEN
    SELECT w.status, w.last_processed_at, w.destroyed_at, c.policy INTO f
      FROM weighing.weighing_files w JOIN public.covenants c ON c.id = w.covenant_id WHERE w.id = file;
  ELSIF kind = 'case' THEN
    SELECT k.status, k.last_processed_at, k.destroyed_at, c.policy INTO f
      FROM casefile.case_files k JOIN public.covenants c ON c.id = k.covenant_id WHERE k.id = file;
  ELSE
    RETURN false;
  END IF;
  IF NOT FOUND OR f.destroyed_at IS NULL THEN
    RETURN false;
  END IF;
  periods := coalesce(f.policy -> 'retention', '{}'::jsonb);
  months := coalesce((periods ->> 'destroyAfterYears')::integer, 5) * 12;
  IF kind = 'weighing' AND f.status IN ('open', 'not_substantial') THEN
    months := least(months, coalesce((periods ->> 'notAgendaedMaxMonths')::integer, 6));
  END IF;
  RETURN f.destroyed_at >= ((f.last_processed_at AT TIME ZONE 'Europe/Amsterdam') + make_interval(months => months))
    AT TIME ZONE 'Europe/Amsterdam' - interval '1 hour';
END
$$;
--> statement-breakpoint
CREATE FUNCTION records.destruction_logged(kind text, object uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM records.destructions d WHERE d.object_type = kind AND d.object_id = object)
$$;
--> statement-breakpoint
-- A file key is only ever destroyed, never replaced or restored, its row never deleted (0009); and now only once
-- the file's retention has ended and the destruction is in the destruction log. The destruction date stays.
CREATE OR REPLACE FUNCTION records.file_key_only_destroyed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.file_id = OLD.file_id AND NEW.file_kind = OLD.file_kind
     AND NEW.subject_id = OLD.subject_id AND NEW.created_at = OLD.created_at
     AND (NEW.key IS NULL OR NEW.key = OLD.key)
     AND (OLD.destroyed_at IS NULL OR NEW.destroyed_at IS NOT DISTINCT FROM OLD.destroyed_at)) IS NOT TRUE THEN
    RAISE EXCEPTION 'records.file_keys: a key can only be destroyed (% refused)', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'records.file_keys: a key can only be destroyed (% refused)', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.key IS NULL AND (TG_OP = 'INSERT' OR OLD.key IS NOT NULL) THEN
    IF NOT records.retention_ended(NEW.file_kind, NEW.file_id) THEN
      RAISE EXCEPTION 'records.file_keys: the retention of file % has not ended (convenant art. 13): key destruction refused', NEW.file_id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT records.destruction_logged('file_key', NEW.file_id) THEN
      RAISE EXCEPTION 'records.file_keys: destroying the key of file % needs its entry in records.destructions', NEW.file_id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER file_keys_only_destroyed ON records.file_keys;
--> statement-breakpoint
CREATE TRIGGER file_keys_only_destroyed BEFORE INSERT OR UPDATE OR DELETE ON records.file_keys
  FOR EACH ROW EXECUTE FUNCTION records.file_key_only_destroyed();
--> statement-breakpoint
CREATE TRIGGER file_keys_refuse_truncate BEFORE TRUNCATE ON records.file_keys
  FOR EACH STATEMENT EXECUTE FUNCTION records.file_key_only_destroyed();
--> statement-breakpoint
-- Frozen records are final (0007). A payload may be destroyed (set to NULL, nothing else changed) only when the
-- retention of every file its meeting discussed has ended, and with its entry in the destruction log.
CREATE OR REPLACE FUNCTION records.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.payload IS NULL AND OLD.payload IS NOT NULL
     AND NEW.covenant_id = OLD.covenant_id AND NEW.seq = OLD.seq AND NEW.id = OLD.id AND NEW.kind = OLD.kind
     AND NEW.meeting_id = OLD.meeting_id AND NEW.rectifies_id IS NOT DISTINCT FROM OLD.rectifies_id
     AND NEW.payload_hash = OLD.payload_hash AND NEW.created_at = OLD.created_at
     AND NEW.created_by_membership_id = OLD.created_by_membership_id
     AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash THEN
    IF EXISTS (
      SELECT 1 FROM public.agenda_items i
      WHERE i.meeting_id = NEW.meeting_id
        AND NOT records.retention_ended(CASE WHEN i.weighing_file_id IS NULL THEN 'case' ELSE 'weighing' END,
                                        coalesce(i.weighing_file_id, i.case_file_id))
    ) THEN
      RAISE EXCEPTION 'records.meeting_records: the retention of a file discussed in record % has not ended (convenant art. 13): payload destruction refused', NEW.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT records.destruction_logged('record_payload', NEW.id) THEN
      RAISE EXCEPTION 'records.meeting_records: destroying the payload of record % needs its entry in records.destructions', NEW.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'records.meeting_records is append-only (frozen minutes are final): % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
