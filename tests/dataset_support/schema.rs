//! A small JSON Schema (2020-12) validator for the keywords `docs/dataset.schema.json` uses.
//!
//! Supported: `type`, `const`, `enum`, `properties`, `required`, `additionalProperties`,
//! `items`, `prefixItems`, `minItems`, `maxItems`, `minimum`, `maximum`, `minLength`,
//! `maxLength`, `pattern`, `$ref` (to `#/$defs/…`), `anyOf`; `$schema`, `$id`, `$defs`,
//! `title`, `description`, `$comment`, `examples` and `format` are annotations. Any other
//! keyword is an error, so the schema cannot hold a constraint that goes unchecked.

use serde_json::Value;

const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "title",
    "description",
    "$comment",
    "examples",
    "format",
];

pub struct Validator<'a> {
    root: &'a Value,
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

impl<'a> Validator<'a> {
    pub fn new(root: &'a Value) -> Validator<'a> {
        Validator { root }
    }

    /// Every violation, as `path: message`.
    pub fn validate(&self, v: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(self.root, v, "$", &mut errors);
        errors
    }

    /// The schema under `#/$defs/NAME`.
    pub fn def(&self, name: &str) -> &'a Value {
        &self.root["$defs"][name]
    }

    pub fn validate_against(&self, schema: &Value, v: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, v, "$", &mut errors);
        errors
    }

    fn check(&self, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
        let Some(s) = schema.as_object() else {
            if schema == &Value::Bool(false) {
                errors.push(format!("{path}: not allowed"));
            }
            return;
        };
        for (k, rule) in s {
            let mut fail = |m: String| errors.push(format!("{path}: {m}"));
            match k.as_str() {
                "$ref" => {
                    let r = rule.as_str().unwrap_or_default();
                    let name = r.strip_prefix("#/$defs/").expect("local $ref");
                    let target = &self.root["$defs"][name];
                    assert!(!target.is_null(), "unresolved $ref {r}");
                    self.check(target, v, path, errors);
                }
                "type" => {
                    let ok = match rule {
                        Value::String(t) => type_ok(t, v),
                        Value::Array(ts) => ts.iter().any(|t| type_ok(t.as_str().unwrap_or(""), v)),
                        _ => false,
                    };
                    if !ok {
                        fail(format!("expected type {rule}, found {v}"));
                    }
                }
                "const" if v != rule => fail(format!("expected {rule}, found {v}")),
                "enum" if !rule.as_array().unwrap().contains(v) => {
                    fail(format!("{v} is not one of {rule}"))
                }
                "required" => {
                    if let Some(o) = v.as_object() {
                        for r in rule.as_array().unwrap() {
                            if !o.contains_key(r.as_str().unwrap()) {
                                fail(format!("missing required field {r}"));
                            }
                        }
                    }
                }
                "properties" => {
                    if let Some(o) = v.as_object() {
                        for (name, sub) in rule.as_object().unwrap() {
                            if let Some(x) = o.get(name) {
                                self.check(sub, x, &format!("{path}.{name}"), errors);
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    if let Some(o) = v.as_object() {
                        let props = s.get("properties").and_then(Value::as_object);
                        for (name, x) in o {
                            if props.is_none_or(|p| !p.contains_key(name)) {
                                self.check(rule, x, &format!("{path}.{name}"), errors);
                            }
                        }
                    }
                }
                "items" => {
                    if let Some(a) = v.as_array() {
                        let skip = s
                            .get("prefixItems")
                            .and_then(Value::as_array)
                            .map_or(0, Vec::len);
                        for (i, x) in a.iter().enumerate().skip(skip) {
                            self.check(rule, x, &format!("{path}[{i}]"), errors);
                        }
                    }
                }
                "prefixItems" => {
                    if let Some(a) = v.as_array() {
                        for (i, (sub, x)) in rule.as_array().unwrap().iter().zip(a).enumerate() {
                            self.check(sub, x, &format!("{path}[{i}]"), errors);
                        }
                    }
                }
                "minItems" | "maxItems" => {
                    if let Some(a) = v.as_array() {
                        let n = rule.as_u64().unwrap() as usize;
                        if (k == "minItems" && a.len() < n) || (k == "maxItems" && a.len() > n) {
                            fail(format!("{k} {n}, found {} items", a.len()));
                        }
                    }
                }
                "minimum" | "maximum" => {
                    if let Some(x) = v.as_f64() {
                        let n = rule.as_f64().unwrap();
                        if (k == "minimum" && x < n) || (k == "maximum" && x > n) {
                            fail(format!("{k} {n}, found {x}"));
                        }
                    }
                }
                "minLength" | "maxLength" => {
                    if let Some(x) = v.as_str() {
                        let n = rule.as_u64().unwrap() as usize;
                        let len = x.chars().count();
                        if (k == "minLength" && len < n) || (k == "maxLength" && len > n) {
                            fail(format!("{k} {n}, found length {len}"));
                        }
                    }
                }
                "pattern" => {
                    if let Some(x) = v.as_str() {
                        let re = regex::Regex::new(rule.as_str().unwrap()).expect("valid pattern");
                        if !re.is_match(x) {
                            fail(format!("{x:?} does not match {rule}"));
                        }
                    }
                }
                "anyOf" => {
                    let any = rule.as_array().unwrap().iter().any(|sub| {
                        let mut e = Vec::new();
                        self.check(sub, v, path, &mut e);
                        e.is_empty()
                    });
                    if !any {
                        fail("matches none of anyOf".into());
                    }
                }
                "const" | "enum" => {}
                other if ANNOTATIONS.contains(&other) => {}
                other => panic!("schema keyword {other:?} is not supported by this validator"),
            }
        }
    }
}
