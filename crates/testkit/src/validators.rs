//! Checks of exported files by independent tools: xmllint against the c3voc
//! XSD, Python's jsonschema against the c3voc JSON schema, and Python's
//! icalendar package as a second iCalendar parser. Where a tool is missing
//! the check is skipped with a notice (CI installs them and requires them).

use std::process::Command;

/// Runs a validator; where it is not installed, says so and skips (CI installs them).
fn validate(tool: &str, args: &[&str]) -> Option<String> {
    let out = match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(_) if std::env::var("THROUGHLINE_REQUIRE_SHARED").is_ok_and(|v| v == "1") => {
            panic!("{tool} is needed to validate exports: run scripts/install-deps")
        }
        Err(_) => {
            println!("skipped: {tool} is not installed; the export was not validated");
            return None;
        }
    };
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{tool} {args:?} refused the export:\n{text}");
    Some(text)
}

fn xsd() -> Option<String> {
    Some(crate::shared_data("../formats/c3voc__xsd__schedule.xml.xsd")?.display().to_string())
}

pub fn assert_valid_xml(xml: &str, name: &str) {
    let Some(xsd) = xsd() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, xml).unwrap();
    if let Some(out) = validate("xmllint", &["--noout", "--schema", &xsd, &file.display().to_string()]) {
        assert!(out.contains("validates"), "{out}");
    }
}

const VALIDATE_JSON: &str = "import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
errors = sorted(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(doc), key=str)
for e in errors[:5]:
    print('/'.join(map(str, e.absolute_path)), e.message)
sys.exit(1 if errors else 0)";

pub fn assert_valid_json(json: &str, name: &str) {
    let Some(schema) = crate::shared_data("../formats/c3voc__json__schema.json") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, json).unwrap();
    validate("python3", &["-c", VALIDATE_JSON, &schema.display().to_string(), &file.display().to_string()]);
}

const READ_ICS: &str = "import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = []
for e in cal.walk('VEVENT'):
    cats = e.get('CATEGORIES')
    cats = [str(c) for c in cats.cats] if cats is not None else []
    events.append({'uid': str(e['UID']), 'summary': str(e['SUMMARY']), 'start': e['DTSTART'].dt.isoformat(),
                   'end': e['DTEND'].dt.isoformat(), 'location': str(e.get('LOCATION', '')),
                   'sequence': int(e.get('SEQUENCE', 0)), 'categories': cats, 'description': str(e.get('DESCRIPTION', ''))})
print(json.dumps({'name': str(cal.get('X-WR-CALNAME')), 'tz': str(cal.get('X-WR-TIMEZONE')), 'events': events}))";

/// Parses a feed with Python's `icalendar` package, an independent parser.
pub fn parse_ics(ics: &str) -> Option<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.ics");
    std::fs::write(&file, ics).unwrap();
    let out = validate("python3", &["-c", READ_ICS, &file.display().to_string()])?;
    Some(serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")))
}

const VALIDATE_OPENAPI: &str = "import json, sys
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
doc = json.load(open(sys.argv[1]))
try:
    validate(doc)
except OpenAPIValidationError as e:
    print(e)
    sys.exit(1)
print('valid', doc['openapi'])";

/// Validates an OpenAPI document with PyPI's `openapi-spec-validator`, an
/// independent validator; returns the version it validated against.
pub fn assert_valid_openapi(json: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, json).unwrap();
    let out = validate("python3", &["-c", VALIDATE_OPENAPI, &file.display().to_string()])?;
    Some(out.trim().to_string())
}
