//! Small conversions between JavaScript values and the core's types.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlCanvasElement;

use crate::options::OptValue;

/// What a JavaScript value is, for option checking.
pub(crate) fn opt_value(value: &JsValue) -> OptValue {
    if value.is_undefined() || value.is_null() {
        OptValue::Absent
    } else if let Some(n) = value.as_f64() {
        OptValue::Number(n)
    } else if let Some(b) = value.as_bool() {
        OptValue::Bool(b)
    } else if let Some(s) = value.as_string() {
        OptValue::Text(s)
    } else if value.is_function() {
        OptValue::Other("function")
    } else if value.is_symbol() {
        OptValue::Other("symbol")
    } else if value.is_bigint() {
        OptValue::Other("bigint")
    } else {
        OptValue::Other("object")
    }
}

/// A canvas from an element or a CSS selector, or why not.
pub(crate) fn resolve_canvas(target: &JsValue) -> Result<HtmlCanvasElement, String> {
    if let Some(selector) = target.as_string() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("there is no document to look the selector up in")?;
        let element = document
            .query_selector(&selector)
            .map_err(|_| format!("target '{selector}' is not a valid CSS selector"))?
            .ok_or_else(|| format!("target '{selector}' matches no element"))?;
        return element
            .dyn_into::<HtmlCanvasElement>()
            .map_err(|_| format!("target '{selector}' is not a <canvas>"));
    }
    target
        .clone()
        .dyn_into::<HtmlCanvasElement>()
        .map_err(|_| "target must be an HTMLCanvasElement or a CSS selector".into())
}
