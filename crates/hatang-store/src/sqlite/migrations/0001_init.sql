-- hatang schema, version 1: the domain model of hatang_core::model, the
-- change history and a cache of computed coverage rasters.
--
-- Dates are TEXT 'YYYY-MM-DD'; timestamps TEXT ISO 8601 UTC; enums TEXT as
-- the model names them (lowercase); booleans INTEGER 0/1; polygons TEXT, a
-- JSON array of [lon, lat] pairs (an open ring: the first vertex is not
-- repeated).

CREATE TABLE admin_units (
    level                TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    code                 TEXT NOT NULL,
    valid_from           TEXT NOT NULL,
    valid_to             TEXT,
    name                 TEXT NOT NULL,
    unit_type            TEXT NOT NULL,
    parent_code          TEXT,
    population           INTEGER,
    area_km2             REAL,
    centre_lon           REAL,
    centre_lat           REAL,
    boundary             TEXT,
    boundary_approximate INTEGER NOT NULL DEFAULT 0,
    source               TEXT NOT NULL,
    PRIMARY KEY (level, code, valid_from),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX admin_units_code ON admin_units (code);

CREATE TABLE unit_mappings (
    old_level      TEXT NOT NULL,
    old_code       TEXT NOT NULL,
    old_valid_from TEXT NOT NULL,
    new_level      TEXT NOT NULL,
    new_code       TEXT NOT NULL,
    new_valid_from TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('full', 'partial')),
    share          REAL NOT NULL CHECK (share > 0 AND share <= 1),
    note           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (old_level, old_code, old_valid_from, new_level, new_code, new_valid_from),
    FOREIGN KEY (old_level, old_code, old_valid_from)
        REFERENCES admin_units (level, code, valid_from),
    FOREIGN KEY (new_level, new_code, new_valid_from)
        REFERENCES admin_units (level, code, valid_from)
);
CREATE INDEX unit_mappings_new ON unit_mappings (new_level, new_code, new_valid_from);

CREATE TABLE villages (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    commune_code TEXT NOT NULL,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    population   INTEGER,
    households   INTEGER,
    difficult    INTEGER NOT NULL DEFAULT 0,
    grid_power   INTEGER NOT NULL DEFAULT 1,
    source       TEXT NOT NULL
);
CREATE INDEX villages_commune ON villages (commune_code);

CREATE TABLE operators (
    id      TEXT PRIMARY KEY NOT NULL,
    mnc     TEXT NOT NULL UNIQUE,
    brand   TEXT NOT NULL,
    company TEXT NOT NULL,
    colour  TEXT NOT NULL
);

CREATE TABLE sites (
    id                 TEXT PRIMARY KEY NOT NULL,
    name               TEXT NOT NULL,
    lat                REAL NOT NULL,
    lon                REAL NOT NULL,
    ground_elevation_m REAL,
    structure          TEXT NOT NULL,
    structure_height_m REAL NOT NULL,
    owner              TEXT NOT NULL,
    commune_code       TEXT,
    source             TEXT NOT NULL
);

-- Which operators have equipment on a site (more than one: shared), in the
-- order the site lists them.
CREATE TABLE site_operators (
    site_id     TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    operator_id TEXT NOT NULL REFERENCES operators (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (site_id, operator_id)
);
CREATE INDEX site_operators_operator ON site_operators (operator_id);

CREATE TABLE sectors (
    id                  TEXT PRIMARY KEY NOT NULL,
    site_id             TEXT NOT NULL REFERENCES sites (id),
    operator            TEXT NOT NULL REFERENCES operators (id),
    technology          TEXT NOT NULL,
    band_mhz            INTEGER NOT NULL,
    frequency_mhz       REAL NOT NULL,
    bandwidth_mhz       REAL NOT NULL,
    azimuth_deg         REAL NOT NULL,
    mechanical_tilt_deg REAL NOT NULL,
    electrical_tilt_deg REAL NOT NULL,
    antenna_height_m    REAL NOT NULL,
    antenna_model       TEXT,
    gain_dbi            REAL NOT NULL,
    beamwidth_deg       REAL NOT NULL,
    tx_power_dbm        REAL NOT NULL,
    feeder_loss_db      REAL NOT NULL,
    status              TEXT NOT NULL,
    on_air_date         TEXT,
    off_air_date        TEXT,
    source              TEXT NOT NULL
);
CREATE INDEX sectors_site ON sectors (site_id);
CREATE INDEX sectors_operator ON sectors (operator);

CREATE TABLE zones (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    polygon      TEXT,
    commune_code TEXT,
    approximate  INTEGER NOT NULL DEFAULT 0,
    source       TEXT NOT NULL
);

CREATE TABLE indicators (
    level      TEXT NOT NULL,
    code       TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    key        TEXT NOT NULL,
    period     TEXT NOT NULL,
    value      REAL NOT NULL,
    source     TEXT NOT NULL,
    PRIMARY KEY (level, code, valid_from, key, period),
    FOREIGN KEY (level, code, valid_from) REFERENCES admin_units (level, code, valid_from)
);
CREATE INDEX indicators_key ON indicators (key);

-- Every change to a record: who, when, what it was and what it became
-- (JSON as hatang_core::model serialises the record).
CREATE TABLE history (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    before    TEXT,
    after     TEXT
);
CREATE INDEX history_entity ON history (entity, entity_id);

-- Computed coverage rasters, a cache keyed by site, band and a hash of
-- every input (not a foreign key: plans compute sites that are not stored).
CREATE TABLE coverage_results (
    site_id     TEXT NOT NULL,
    band_mhz    INTEGER NOT NULL,
    params_hash TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    min_lon     REAL NOT NULL,
    min_lat     REAL NOT NULL,
    max_lon     REAL NOT NULL,
    max_lat     REAL NOT NULL,
    raster      BLOB NOT NULL,
    meta        TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (site_id, band_mhz, params_hash)
);

-- The four operators with radio networks in Phú Thọ (MCC 452), as
-- hatang_core::model::known_operators() lists them, so that sites and
-- sectors can be checked against known operators from the start.
INSERT INTO operators (id, mnc, brand, company, colour) VALUES
    ('viettel', '04', 'Viettel', 'Viettel Group', '#e4002b'),
    ('vinaphone', '02', 'Vinaphone', 'VNPT', '#0072bc'),
    ('mobifone', '01', 'MobiFone', 'MobiFone Corporation', '#f7a600'),
    ('vietnamobile', '05', 'Vietnamobile', 'Vietnamobile Telecommunications', '#8a2be2');
INSERT INTO history (entity, entity_id, action, actor, at, before, after)
SELECT 'operators', id, 'insert', 'migration',
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NULL,
       json_object('mnc', mnc, 'id', id, 'brand', brand, 'company', company, 'colour', colour)
FROM operators ORDER BY rowid;
