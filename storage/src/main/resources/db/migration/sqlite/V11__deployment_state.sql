-- A start reloads the deployment file only when the file or the registry changed since the last
-- load: a city's file names 10,000 complexes, and parsing and comparing it took seconds of every
-- start. registry_version counts every write to the registry's tables, from whatever path (the
-- loader, bind-group, an operator's SQL); deployment_state remembers what the last load saw.
CREATE TABLE registry_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
) STRICT;
INSERT INTO registry_version (id, version) VALUES (1, 0);

CREATE TABLE deployment_state (
    source            TEXT    PRIMARY KEY,
    sha256            TEXT    NOT NULL,
    registry_version  INTEGER NOT NULL,
    not_in_file       TEXT    NOT NULL,
    loaded_at         INTEGER NOT NULL
) STRICT;

CREATE TRIGGER town_insert_counts AFTER INSERT ON town
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER town_update_counts AFTER UPDATE ON town
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER town_delete_counts AFTER DELETE ON town
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER community_insert_counts AFTER INSERT ON community
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER community_update_counts AFTER UPDATE ON community
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER community_delete_counts AFTER DELETE ON community
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER complex_insert_counts AFTER INSERT ON complex
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER complex_update_counts AFTER UPDATE ON complex
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER complex_delete_counts AFTER DELETE ON complex
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_insert_counts AFTER INSERT ON person
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_update_counts AFTER UPDATE ON person
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_delete_counts AFTER DELETE ON person
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_role_insert_counts AFTER INSERT ON person_role
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_role_update_counts AFTER UPDATE ON person_role
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_role_delete_counts AFTER DELETE ON person_role
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_identity_insert_counts AFTER INSERT ON person_identity
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_identity_update_counts AFTER UPDATE ON person_identity
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_identity_delete_counts AFTER DELETE ON person_identity
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_profile_insert_counts AFTER INSERT ON person_profile
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_profile_update_counts AFTER UPDATE ON person_profile
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER person_profile_delete_counts AFTER DELETE ON person_profile
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER setting_insert_counts AFTER INSERT ON setting
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER setting_update_counts AFTER UPDATE ON setting
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER setting_delete_counts AFTER DELETE ON setting
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER channel_binding_insert_counts AFTER INSERT ON channel_binding
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER channel_binding_update_counts AFTER UPDATE ON channel_binding
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER channel_binding_delete_counts AFTER DELETE ON channel_binding
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER legal_adviser_insert_counts AFTER INSERT ON legal_adviser
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER legal_adviser_update_counts AFTER UPDATE ON legal_adviser
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER legal_adviser_delete_counts AFTER DELETE ON legal_adviser
BEGIN
    UPDATE registry_version SET version = version + 1 WHERE id = 1;
END;
