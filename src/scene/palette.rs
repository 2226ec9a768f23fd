//! Colours, in one place so the picture stays coherent.

pub const BACKGROUND: &str = "#15191e";
pub const GARAGE: &str = "#1f252c";
pub const GARAGE_LINE: &str = "#2c343d";
pub const ASPHALT: &str = "#3b4148";
pub const LANE_LINE: &str = "#e8ecef";
pub const BOX_LINE: &str = "#f2c230";
pub const PIT_WALL: &str = "#5b636c";

pub const CAR_BODY: &str = "#0f6f8c";
pub const CAR_ACCENT: &str = "#ff8a1f";
pub const CAR_DARK: &str = "#0b1116";
pub const SHADOW: &str = "rgba(0,0,0,0.45)";
pub const HELMET: &str = "#f5f5f0";

pub const TYRE: &str = "#121417";
/// Pirelli's soft compound is marked red, the medium yellow: old tyres red, new yellow.
pub const OLD_COMPOUND: &str = "#e0303a";
pub const NEW_COMPOUND: &str = "#f5c400";
pub const RIM: &str = "#8d96a0";

pub const JACK: &str = "#9aa3ad";
pub const JACK_LOADED: &str = "#ff8a1f";

pub const CREW: &str = "#d8dee4";
pub const TEXT: &str = "#e9edf1";
pub const TEXT_DIM: &str = "#9aa6b2";
