-- The registry's metadata (issue 7). One schema for SQLite and PostgreSQL: the few types that differ are Flyway
-- placeholders (${bigint_identity}, ${double}), everything else is the SQL both accept. Times are epoch
-- milliseconds (UTC); digests are 'sha256:<hex>'.

CREATE TABLE registered_models (
    name          TEXT    NOT NULL PRIMARY KEY,
    description   TEXT,
    -- The next version number to hand out. A push increments it in the same transaction that inserts the version,
    -- holding the row lock, so two pushes can never take the same number and a failed push takes none.
    next_version  BIGINT  NOT NULL CHECK (next_version >= 1),
    created_at    BIGINT  NOT NULL,
    created_by    TEXT    NOT NULL,
    updated_at    BIGINT  NOT NULL
);

-- One row per content address the registry has committed (or is collecting). 'collecting' marks an artifact gc
-- has decided to delete: a push that needs it waits for gc to finish and uploads it again.
CREATE TABLE artifacts (
    digest           TEXT    NOT NULL PRIMARY KEY,
    size_bytes       BIGINT  NOT NULL CHECK (size_bytes >= 0),
    state            TEXT    NOT NULL CHECK (state IN ('present', 'collecting', 'gone')),
    first_pushed_at  BIGINT  NOT NULL
);

CREATE TABLE model_versions (
    model_name       TEXT    NOT NULL REFERENCES registered_models (name),
    version          BIGINT  NOT NULL CHECK (version >= 1),
    digest           TEXT    NOT NULL REFERENCES artifacts (digest),
    size_bytes       BIGINT  NOT NULL,
    file_name        TEXT    NOT NULL,
    format           TEXT    NOT NULL,
    model_type       TEXT,
    signature_json   TEXT,
    manifest_json    TEXT    NOT NULL,
    safety           TEXT    NOT NULL CHECK (safety IN ('SAFE', 'UNSAFE', 'NOT_SCANNED')),
    safety_findings  TEXT    NOT NULL,
    description      TEXT,
    parent_model     TEXT,
    parent_version   BIGINT,
    parent_relation  TEXT,
    data_ref         TEXT,
    source_run       TEXT,
    created_at       BIGINT  NOT NULL,
    created_by       TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('LIVE', 'DELETED', 'PURGED')),
    deleted_at       BIGINT,
    deleted_by       TEXT,
    PRIMARY KEY (model_name, version),
    FOREIGN KEY (parent_model, parent_version) REFERENCES model_versions (model_name, version)
);
CREATE INDEX model_versions_by_digest ON model_versions (digest);

CREATE TABLE aliases (
    model_name  TEXT    NOT NULL,
    alias       TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (model_name, alias),
    FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version)
);

-- Every move of every alias, oldest first by id. A rollback undoes the latest move not yet undone.
CREATE TABLE alias_moves (
    id            ${bigint_identity},
    model_name    TEXT    NOT NULL REFERENCES registered_models (name),
    alias         TEXT    NOT NULL,
    from_version  BIGINT,
    to_version    BIGINT,
    kind          TEXT    NOT NULL CHECK (kind IN ('MOVE', 'REMOVE', 'ROLLBACK')),
    undoes_move   BIGINT  REFERENCES alias_moves (id),
    moved_by      TEXT    NOT NULL,
    moved_at      BIGINT  NOT NULL
);
CREATE INDEX alias_moves_by_alias ON alias_moves (model_name, alias, id);

CREATE TABLE model_tags (
    model_name  TEXT  NOT NULL REFERENCES registered_models (name),
    tag_key     TEXT  NOT NULL,
    tag_value   TEXT  NOT NULL,
    PRIMARY KEY (model_name, tag_key)
);

CREATE TABLE version_tags (
    model_name  TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    tag_key     TEXT    NOT NULL,
    tag_value   TEXT    NOT NULL,
    PRIMARY KEY (model_name, version, tag_key),
    FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version)
);
CREATE INDEX version_tags_by_tag ON version_tags (tag_key, tag_value);

CREATE TABLE metrics (
    model_name    TEXT       NOT NULL,
    version       BIGINT     NOT NULL,
    metric_name   TEXT       NOT NULL,
    step          BIGINT     NOT NULL,
    metric_value  ${double}  NOT NULL,
    logged_at     BIGINT     NOT NULL,
    PRIMARY KEY (model_name, version, metric_name, step),
    FOREIGN KEY (model_name, version) REFERENCES model_versions (model_name, version)
);
CREATE INDEX metrics_by_name ON metrics (metric_name);
