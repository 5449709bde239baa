-- A start reloads the deployment file only when the file or the registry changed since the last
-- load: a city's file names 10,000 complexes, and parsing and comparing it took seconds of every
-- start. registry_version counts every write to the registry's tables, from whatever path (the
-- loader, bind-group, an operator's SQL); deployment_state remembers what the last load saw.
CREATE TABLE registry_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT  NOT NULL
);
INSERT INTO registry_version (id, version) VALUES (1, 0);

CREATE TABLE deployment_state (
    source            TEXT    PRIMARY KEY,
    sha256            TEXT    NOT NULL,
    registry_version  BIGINT  NOT NULL,
    not_in_file       TEXT    NOT NULL,
    loaded_at         BIGINT  NOT NULL
);

CREATE FUNCTION registry_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER town_counts AFTER INSERT OR UPDATE OR DELETE ON town
    FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump();

CREATE TRIGGER community_counts AFTER INSERT OR UPDATE OR DELETE ON community
    FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump();

CREATE TRIGGER complex_counts AFTER INSERT OR UPDATE OR DELETE ON complex
    FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump();

CREATE TRIGGER person_counts AFTER INSERT OR UPDATE OR DELETE ON person
    FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump();

CREATE TRIGGER person_role_counts AFTER INSERT OR UPDATE OR DELETE ON person_role
    FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump();

CREATE TRIGGER person_identity_counts AFTER INSERT OR UPDATE OR DELETE ON person_identity
    FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump();

CREATE TRIGGER person_profile_counts AFTER INSERT OR UPDATE OR DELETE ON person_profile
    FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump();

CREATE TRIGGER setting_counts AFTER INSERT OR UPDATE OR DELETE ON setting
    FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump();

CREATE TRIGGER channel_binding_counts AFTER INSERT OR UPDATE OR DELETE ON channel_binding
    FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump();

CREATE TRIGGER legal_adviser_counts AFTER INSERT OR UPDATE OR DELETE ON legal_adviser
    FOR EACH STATEMENT EXECUTE FUNCTION registry_version_bump();
