//! The OpenAPI 3.1 document served at `/api`. Each collection's items get
//! their own path, so that its property filters are documented; the
//! request and response types of the crate come from their `ToSchema`
//! derives, and the model's `Site` and `Sector` are described by hand
//! (they live in hatang-core, which knows no HTTP).

use crate::auth::{KeyAuditEntry, KeyInfo, Role};
use crate::error::ErrorBody;
use crate::providers::{CoverageLayer, LegendStep, ReportInfo, Target};
use crate::snapshot::{Snapshot, COLLECTION_IDS};
use crate::writes::{CreatedKey, NewKey};
use serde_json::{json, Map, Value};
use utoipa::openapi::OpenApi;
use utoipa::{PartialSchema, ToSchema};

fn schema_of<T: ToSchema + PartialSchema>() -> (String, Value) {
    (
        T::name().to_string(),
        serde_json::to_value(T::schema()).unwrap_or(Value::Null),
    )
}

fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn errors(codes: &[u16]) -> Map<String, Value> {
    let mut m = Map::new();
    for c in codes {
        let d = match c {
            400 => "Invalid parameters",
            401 => "No API key, or a wrong one",
            403 => "The key lacks the right",
            404 => "Not found (or not computed yet)",
            409 => "Conflict with the stored data",
            413 => "Body too large",
            415 => "The body is not JSON",
            422 => "The record was refused (the reasons are listed)",
            _ => "Error",
        };
        m.insert(
            c.to_string(),
            json!({"description": d, "content": {"application/json": {"schema": r("ErrorBody")}}}),
        );
    }
    m.insert(
        "default".into(),
        json!({"description": "Any other error", "content": {"application/json": {"schema": r("ErrorBody")}}}),
    );
    m
}

fn op(
    tag: &str,
    summary: &str,
    params: Vec<Value>,
    ok: (&str, Value),
    errs: &[u16],
    security: Security,
) -> Value {
    let mut responses = Map::new();
    responses.insert(ok.0.to_string(), ok.1);
    responses.extend(errors(errs));
    let mut o = json!({
        "tags": [tag],
        "summary": summary,
        "parameters": params,
        "responses": responses,
    });
    match security {
        Security::None => {}
        Security::Optional => {
            o["security"] = json!([{}, {"bearer": []}, {"apiKey": []}]);
        }
        Security::Required => {
            o["security"] = json!([{"bearer": []}, {"apiKey": []}]);
        }
    }
    o
}

#[derive(Clone, Copy)]
enum Security {
    None,
    Optional,
    Required,
}

fn path_param(name: &str, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "description": description, "schema": schema})
}

fn query_param(name: &str, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

fn content(ct: &str, schema: Value) -> Value {
    json!({ct: {"schema": schema}})
}

fn ok(description: &str, content: Value) -> (&'static str, Value) {
    (
        "200",
        json!({"description": description, "content": content}),
    )
}

fn tile_params() -> Vec<Value> {
    let xy = json!({"type": "integer", "minimum": 0, "maximum": 16_777_215});
    vec![
        path_param(
            "z",
            json!({"type": "integer", "minimum": 0, "maximum": 24}),
            "Zoom",
        ),
        path_param("x", xy.clone(), "Column (below 2^z; others: 404)"),
        path_param("y", xy, "Row (below 2^z; others: 404)"),
    ]
}

fn binary(ct: &str) -> Value {
    json!({ct: {"schema": {"type": "string", "format": "binary"}}})
}

fn site_schema() -> Value {
    json!({
        "type": "object",
        "description": "A site (tower), as hatang_core::model::Site serialises.",
        "required": ["id", "name", "point", "structure", "structure_height_m", "owner", "operators", "source"],
        "properties": {
            "id": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*\\S[^\\u0000-\\u001f\\u007f-\\u009f]*$"},
            "name": {"type": "string", "minLength": 1, "pattern": "\\S"},
            "point": r("LatLon"),
            "ground_elevation_m": {"type": ["number", "null"], "minimum": -100, "maximum": 3200},
            "structure": {"type": "string", "enum": ["tower", "guyed", "monopole", "rooftop", "pole"]},
            "structure_height_m": num(1.0, 150.0),
            "owner": {"type": "string"},
            "operators": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "string", "enum": ["viettel", "vinaphone", "mobifone", "vietnamobile"]}},
            "commune_code": {"type": ["string", "null"]},
            "source": {"type": "string", "enum": ["osm", "official", "operator", "synthetic", "user"]}
        }
    })
}

fn sector_schema() -> Value {
    json!({
        "type": "object",
        "description": "A sector (cell), as hatang_core::model::Sector serialises.",
        "required": ["id", "site_id", "operator", "technology", "band_mhz", "frequency_mhz", "bandwidth_mhz",
            "azimuth_deg", "mechanical_tilt_deg", "electrical_tilt_deg", "antenna_height_m", "gain_dbi",
            "beamwidth_deg", "tx_power_dbm", "feeder_loss_db", "status", "source"],
        "properties": {
            "id": {"type": "string"},
            "site_id": {"type": "string"},
            "operator": {"type": "string", "enum": ["viettel", "vinaphone", "mobifone", "vietnamobile"]},
            "technology": {"type": "string", "enum": ["2G", "3G", "4G", "5G"]},
            "band_mhz": {"type": "integer", "minimum": 0, "maximum": 4_294_967_295u64},
            "frequency_mhz": {"type": "number"},
            "bandwidth_mhz": {"type": "number"},
            "azimuth_deg": num(0.0, 360.0),
            "mechanical_tilt_deg": num(-20.0, 30.0),
            "electrical_tilt_deg": num(-20.0, 30.0),
            "antenna_height_m": num(1.0, 150.0),
            "antenna_model": {"type": ["string", "null"]},
            "gain_dbi": num(-10.0, 30.0),
            "beamwidth_deg": {"type": "number", "exclusiveMinimum": 0, "maximum": 360},
            "tx_power_dbm": num(0.0, 60.0),
            "feeder_loss_db": num(0.0, 20.0),
            "status": {"type": "string", "enum": ["planned", "on_air", "decommissioned"]},
            "on_air_date": {"type": ["string", "null"], "format": "date", "pattern": DATE_PATTERN},
            "off_air_date": {"type": ["string", "null"], "format": "date", "pattern": DATE_PATTERN},
            "source": {"type": "string", "enum": ["osm", "official", "operator", "synthetic", "user"]}
        }
    })
}

/// An instant (date or date-time) or an interval with open ends.
const DATETIME_PATTERN: &str = "^((\\.\\.|[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))?)?(/(\\.\\.|[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))?)?)?)$";
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

fn num(min: f64, max: f64) -> Value {
    json!({"type": "number", "minimum": min, "maximum": max})
}

fn link_schema() -> Value {
    json!({
        "type": "object",
        "required": ["href", "rel"],
        "properties": {
            "href": {"type": "string"}, "rel": {"type": "string"},
            "type": {"type": "string"}, "title": {"type": "string"}
        }
    })
}

/// Builds the document (the snapshot gives each collection's queryables).
pub(crate) fn document(snap: &Snapshot) -> Value {
    let mut paths = Map::new();
    let none = Security::None;
    let opt = Security::Optional;
    let req = Security::Required;
    let f_json_html = query_param(
        "f",
        json!({"type": "string", "enum": ["json", "html"]}),
        "Encoding: json (default) or html (the dashboard)",
    );
    let f_json = query_param("f", json!({"type": "string", "enum": ["json"]}), "Encoding");
    let f_items = query_param(
        "f",
        json!({"type": "string", "enum": ["json", "geojson", "csv"]}),
        "Encoding: GeoJSON (default) or CSV",
    );
    paths.insert("/".into(), json!({"get": op("OGC API – Features", "Landing page (JSON; the dashboard for f=html or a browser)", vec![f_json_html],
        ok("The landing page", json!({"application/json": {"schema": r("LandingPage")}, "text/html": {"schema": {"type": "string"}}})), &[400], none)}));
    paths.insert(
        "/conformance".into(),
        json!({"get": op("OGC API – Features", "Conformance classes", vec![],
        ok("The conformance classes", content("application/json", r("Conformance"))), &[], none)}),
    );
    paths.insert(
        "/collections".into(),
        json!({"get": op("OGC API – Features", "The collections", vec![f_json.clone()],
        ok("The collections", content("application/json", r("Collections"))), &[400], none)}),
    );
    paths.insert("/collections/{collectionId}".into(), json!({"get": op("OGC API – Features", "One collection", vec![
            path_param("collectionId", json!({"type": "string", "enum": COLLECTION_IDS}), "Collection id"), f_json.clone()],
        ok("The collection", content("application/json", r("Collection"))), &[400, 404], none)}));
    for id in COLLECTION_IDS {
        let Some(c) = snap.collection(id) else {
            continue;
        };
        let keyed = c.access == crate::snapshot::Access::Keyed;
        let sec = if keyed { req } else { opt };
        let mut params = vec![
            query_param("bbox", json!({"type": "array", "minItems": 4, "maxItems": 4, "prefixItems": [
                    {"type": "number", "minimum": -180, "maximum": 180}, {"type": "number", "minimum": -90, "maximum": 90},
                    {"type": "number", "minimum": -180, "maximum": 180}, {"type": "number", "minimum": -90, "maximum": 90}],
                    "items": {"type": "number"}}),
                "min lon, min lat, max lon, max lat (CRS84); 6 numbers with heights are accepted too"),
            query_param("datetime", json!({"type": "string", "pattern": DATETIME_PATTERN}), "An RFC 3339 date or date-time, or an interval a/b with '..' for an open end (empty: no filter)"),
            query_param("limit", json!({"type": "integer", "minimum": 1, "default": crate::features::DEFAULT_LIMIT}),
                "Page size (values above 10,000 are clamped to 10,000)"),
            query_param("offset", json!({"type": "integer", "minimum": 0, "default": 0}), "Features to skip"),
            f_items.clone(),
        ];
        params[0]["style"] = json!("form");
        params[0]["explode"] = json!(false);
        for q in c.queryables {
            let schema = match q.kind {
                "boolean" => json!({"type": "string", "enum": ["true", "false", ""]}),
                "integer" => {
                    json!({"type": "string", "pattern": "^(-?[0-9]{1,18}(,-?[0-9]{1,18})*)?$"})
                }
                _ => json!({"type": "string"}),
            };
            params.push(query_param(
                q.name,
                schema,
                &format!(
                    "{} (comma-separated values match any; case-insensitive; empty: no filter)",
                    q.description
                ),
            ));
        }
        let errs: &[u16] = if keyed {
            &[400, 401, 403, 404]
        } else {
            &[400, 401, 404]
        };
        let items_content = json!({"application/geo+json": {"schema": r("FeatureCollection")}, "text/csv": {"schema": {"type": "string"}}});
        paths.insert(
            format!("/collections/{id}/items"),
            json!({"get": op("OGC API – Features", &format!("Items of {id}: {}", c.title), params,
            ok("A page of features", items_content), errs, sec)}),
        );
        let fcontent = json!({"application/geo+json": {"schema": r("Feature")}, "text/csv": {"schema": {"type": "string"}}});
        paths.insert(
            format!("/collections/{id}/items/{{featureId}}"),
            json!({"get": op("OGC API – Features", &format!("One feature of {id}"), vec![
                path_param("featureId", json!({"type": "string"}), "Feature id"), f_items.clone()],
            ok("The feature", fcontent), errs, sec)}),
        );
    }
    paths.insert("/api".into(), json!({"get": op("Service", "This OpenAPI document", vec![],
        ok("The document", json!({"application/vnd.oai.openapi+json;version=3.1": {"schema": {"type": "object"}}})), &[], none)}));
    paths.insert("/meta".into(), json!({"get": op("Service", "What the dashboard needs to start (extent, operators, what is computed)", vec![],
        ok("Metadata", content("application/json", json!({"type": "object", "required": ["extent", "operators"]}))), &[], none)}));
    paths.insert("/tiles/vector/{z}/{x}/{y}.mvt".into(), json!({"get": op("Tiles", "Vector tile (MVT): layers communes, commune_labels, villages, sites, zones", tile_params(),
        ok("The tile (empty outside the data)", binary("application/vnd.mapbox-vector-tile")), &[400, 404], none)}));
    paths.insert("/tiles/hillshade/{z}/{x}/{y}.png".into(), json!({"get": op("Tiles", "Shaded relief from the terrain (transparent outside it)", tile_params(),
        ok("The tile", binary("image/png")), &[400, 404], none)}));
    let mut cov = vec![
        path_param(
            "operator",
            json!({"type": "string"}),
            "Operator id or 'all'",
        ),
        path_param(
            "technology",
            json!({"type": "string", "enum": ["2G", "3G", "4G", "5G"]}),
            "Technology",
        ),
    ];
    cov.extend(tile_params());
    paths.insert(
        "/tiles/coverage/{operator}/{technology}/{z}/{x}/{y}.png".into(),
        json!({"get": op("Coverage", "Coverage tile of one operator and technology", cov,
        ok("The tile", binary("image/png")), &[400, 404], none)}),
    );
    paths.insert("/coverage/layers".into(), json!({"get": op("Coverage", "The coverage layers computed, and the legend", vec![],
        ok("The layers", content("application/json", json!({"type": "object", "required": ["computed", "layers", "legend"],
            "properties": {"computed": {"type": "boolean"}, "layers": {"type": "array", "items": {"type": "object"}}, "legend": {"type": "array", "items": r("LegendStep")}}}))), &[], none)}));
    paths.insert(
        "/coverage/legend.png".into(),
        json!({"get": op("Coverage", "The coverage legend as an image", vec![],
        ok("The legend", binary("image/png")), &[404], none)}),
    );
    paths.insert("/scorecard".into(), json!({"get": op("Scorecard", "The scorecard", vec![],
        ok("The scorecard", content("application/json", json!({"type": "object"}))), &[404], none)}));
    paths.insert("/targets".into(), json!({"get": op("Scorecard", "The targets and their progress", vec![],
        ok("The targets", content("application/json", json!({"type": "object", "required": ["targets"], "properties": {"targets": {"type": "array", "items": r("Target")}}}))), &[404], none)}));
    paths.insert("/indicators".into(), json!({"get": op("Indicators", "The indicator keys and how many values are stored", vec![],
        ok("The keys", content("application/json", json!({"type": "object", "required": ["keys"]}))), &[], none)}));
    paths.insert("/indicators/{key}".into(), json!({"get": op("Indicators", "The series of one indicator, per unit version", vec![
            path_param("key", json!({"type": "string"}), "Indicator key"),
            query_param("unit", json!({"type": "string"}), "A unit version (level/code@valid_from) or a code")],
        ok("The series", content("application/json", json!({"type": "object", "required": ["key", "series"]}))), &[400, 404], none)}));
    paths.insert("/plan".into(), json!({"get": op("Plan", "The site plan: planned sites, the villages each covers, the plan's figures (costs with an agency key)", vec![],
        ok("The plan (GeoJSON FeatureCollection)", content("application/geo+json", json!({"type": "object", "required": ["type", "features"],
            "properties": {"type": {"type": "string", "enum": ["FeatureCollection"]}, "features": {"type": "array", "items": {"type": "object"}}, "properties": {"type": "object"}}}))), &[401, 404], opt)}));
    paths.insert("/reports".into(), json!({"get": op("Reports", "The reports to download", vec![],
        ok("The reports", content("application/json", json!({"type": "object", "required": ["reports"], "properties": {"reports": {"type": "array", "items": r("ReportInfo")}}}))), &[], none)}));
    paths.insert("/reports/{id}".into(), json!({"get": op("Reports", "Download one report", vec![path_param("id", json!({"type": "string"}), "Report id")],
        ok("The report", json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})), &[404], none)}));
    paths.insert("/history".into(), json!({"get": op("Audit", "The change history (who, what, when, before, after), newest first", vec![
            query_param("table", json!({"type": "string", "enum": ["units", "mappings", "villages", "operators", "sites", "sectors", "zones", "indicators", "history"]}), "Table"),
            query_param("id", json!({"type": "string"}), "Entity id"),
            query_param("limit", json!({"type": "integer", "minimum": 1, "default": 100}), "Page size (clamped to 10,000)"),
            query_param("offset", json!({"type": "integer", "minimum": 0, "default": 0}), "Entries to skip")],
        ok("History entries", content("application/json", json!({"type": "object", "required": ["numberMatched", "numberReturned", "entries"]}))), &[400, 401, 403], req)}));
    let body = |schema: Value| json!({"required": true, "content": {"application/json": {"schema": schema}}});
    let write_errs: &[u16] = &[400, 401, 403, 404, 409, 413, 415, 422];
    let id_param = || path_param("id", json!({"type": "string"}), "Id");
    let mut post_site = op(
        "Sites and sectors",
        "Create a site (operators: their own; admins)",
        vec![],
        (
            "201",
            json!({"description": "Created", "content": content("application/json", r("Site"))}),
        ),
        write_errs,
        req,
    );
    post_site["requestBody"] = body(r("Site"));
    let mut put_site = op(
        "Sites and sectors",
        "Change a site (operators: their own; admins)",
        vec![id_param()],
        ok("Changed", content("application/json", r("Site"))),
        write_errs,
        req,
    );
    put_site["requestBody"] = body(r("Site"));
    let del_site = op(
        "Sites and sectors",
        "Delete a site without sectors (operators: their own; admins)",
        vec![id_param()],
        ("204", json!({"description": "Deleted"})),
        write_errs,
        req,
    );
    paths.insert("/sites".into(), json!({"post": post_site}));
    paths.insert(
        "/sites/{id}".into(),
        json!({"put": put_site, "delete": del_site}),
    );
    let mut post_sector = op(
        "Sites and sectors",
        "Create a sector (operators: their own; admins)",
        vec![],
        (
            "201",
            json!({"description": "Created", "content": content("application/json", r("Sector"))}),
        ),
        write_errs,
        req,
    );
    post_sector["requestBody"] = body(r("Sector"));
    let mut put_sector = op(
        "Sites and sectors",
        "Change a sector (operators: their own; admins)",
        vec![id_param()],
        ok("Changed", content("application/json", r("Sector"))),
        write_errs,
        req,
    );
    put_sector["requestBody"] = body(r("Sector"));
    let del_sector = op(
        "Sites and sectors",
        "Delete a sector (operators: their own; admins)",
        vec![id_param()],
        ("204", json!({"description": "Deleted"})),
        write_errs,
        req,
    );
    paths.insert("/sectors".into(), json!({"post": post_sector}));
    paths.insert(
        "/sectors/{id}".into(),
        json!({"put": put_sector, "delete": del_sector}),
    );
    let mut post_key = op(
        "Keys",
        "Make an API key (admins); the key is shown once",
        vec![],
        (
            "201",
            json!({"description": "Created", "content": content("application/json", r("CreatedKey"))}),
        ),
        &[400, 401, 403, 413, 415, 422],
        req,
    );
    post_key["requestBody"] = body(r("NewKey"));
    paths.insert("/admin/keys".into(), json!({
        "get": op("Keys", "The API keys (admins)", vec![], ok("The keys", content("application/json", json!({"type": "object", "required": ["keys"], "properties": {"keys": {"type": "array", "items": r("KeyInfo")}}}))), &[401, 403], req),
        "post": post_key,
    }));
    paths.insert(
        "/admin/keys/{id}".into(),
        json!({"delete": op("Keys", "Delete an API key (admins)", vec![id_param()],
        ("204", json!({"description": "Deleted"})), &[401, 403, 404, 409], req)}),
    );
    paths.insert("/admin/keys/log".into(), json!({"get": op("Keys", "The key-management audit log (admins)", vec![],
        ok("The log", content("application/json", json!({"type": "object", "required": ["entries"], "properties": {"entries": {"type": "array", "items": r("KeyAuditEntry")}}}))), &[401, 403], req)}));
    paths.insert("/fonts/{fontstack}/{range}.pbf".into(), json!({"get": op("Dashboard", "SDF glyphs for the map's labels", vec![
            path_param("fontstack", json!({"type": "string"}), "Font stack (any: Noto Sans Regular is served)"),
            path_param("range", json!({"type": "string", "pattern": "^[0-9]{1,5}-[0-9]{1,5}$"}), "START-END, START a multiple of 256, END = START+255 (others: 404)")],
        ok("Glyphs", binary("application/x-protobuf")), &[400, 404], none)}));
    paths.insert(
        "/index.html".into(),
        json!({"get": op("Dashboard", "The dashboard", vec![],
        ok("The page", json!({"text/html": {"schema": {"type": "string"}}})), &[], none)}),
    );

    let mut schemas = Map::new();
    for (name, s) in [
        schema_of::<ErrorBody>(),
        schema_of::<KeyInfo>(),
        schema_of::<Role>(),
        schema_of::<NewKey>(),
        schema_of::<CreatedKey>(),
        schema_of::<KeyAuditEntry>(),
        schema_of::<Target>(),
        schema_of::<ReportInfo>(),
        schema_of::<LegendStep>(),
        schema_of::<CoverageLayer>(),
    ] {
        schemas.insert(name, s);
    }
    schemas.insert("Site".into(), site_schema());
    schemas.insert("Sector".into(), sector_schema());
    schemas.insert("LatLon".into(), json!({"type": "object", "required": ["lat", "lon"], "description": "A point in Vietnam (6–23.5 N, 102–118 E)",
        "properties": {"lat": num(6.0, 23.5), "lon": num(102.0, 118.0)}}));
    schemas.insert("Link".into(), link_schema());
    schemas.insert("LandingPage".into(), json!({"type": "object", "required": ["links"], "properties": {"title": {"type": "string"}, "description": {"type": "string"}, "links": {"type": "array", "items": r("Link")}}}));
    schemas.insert("Conformance".into(), json!({"type": "object", "required": ["conformsTo"], "properties": {"conformsTo": {"type": "array", "items": {"type": "string"}}}}));
    schemas.insert("Collection".into(), json!({"type": "object", "required": ["id", "links"], "properties": {
        "id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
        "links": {"type": "array", "items": r("Link")}, "extent": {"type": "object"}, "itemType": {"type": "string"},
        "crs": {"type": "array", "items": {"type": "string"}}}}));
    schemas.insert("Collections".into(), json!({"type": "object", "required": ["links", "collections"], "properties": {
        "links": {"type": "array", "items": r("Link")}, "collections": {"type": "array", "items": r("Collection")}}}));
    schemas.insert(
        "Feature".into(),
        json!({"type": "object", "required": ["type", "geometry", "properties"], "properties": {
        "type": {"type": "string", "enum": ["Feature"]}, "id": {"type": ["string", "integer"]},
        "geometry": {"type": ["object", "null"]}, "properties": {"type": ["object", "null"]},
        "links": {"type": "array", "items": r("Link")}}}),
    );
    schemas.insert("FeatureCollection".into(), json!({"type": "object", "required": ["type", "features"], "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]}, "features": {"type": "array", "items": r("Feature")},
        "links": {"type": "array", "items": r("Link")}, "timeStamp": {"type": "string", "format": "date-time"},
        "numberMatched": {"type": "integer", "minimum": 0}, "numberReturned": {"type": "integer", "minimum": 0}}}));

    let doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "hatang — Phú Thọ digital infrastructure API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "OGC API – Features (Part 1: Core, GeoJSON) for the province's sites, sectors, villages, administrative units and zones; map tiles; the scorecard, targets and indicator series; reports; audited writes of sites and sectors; API keys. Errors are JSON {status, reason}. Keys: `Authorization: Bearer <key>` or `X-API-Key: <key>`.",
            "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"}
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "An API key as a bearer token"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key", "description": "An API key"}
            }
        }
    });
    // Round-trip through utoipa's model to keep the document well-formed.
    match serde_json::from_value::<OpenApi>(doc.clone()) {
        Ok(api) => serde_json::to_value(api).unwrap_or(doc),
        Err(e) => {
            tracing::warn!("OpenAPI document does not fit utoipa's model: {e}");
            doc
        }
    }
}
