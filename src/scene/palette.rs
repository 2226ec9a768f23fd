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
/// Second lines and captions: 4.9:1 on the asphalt, 7.3:1 on the garage (WCAG AA for text).
pub const TEXT_DIM: &str = "#a9b4bf";
/// Behind the crew's labels on narrow screens: the background, mostly opaque.
pub const LABEL_HALO: &str = "rgba(21,25,30,0.72)";
/// Behind the legend: where it crosses the lane's white line, the line fades under it.
pub const LEGEND_PLATE: &str = "rgba(21,25,30,0.7)";

pub const PACKET_COMMAND: &str = "#4da3ff";
pub const PACKET_REPORT: &str = "#3ccf7a";
pub const PACKET_REMINDER: &str = "#f2c230";
pub const PACKET_PEER: &str = "#c58cff";
pub const PACKET_TEXT: &str = "#0b1116";
pub const HIGHLIGHT: &str = "rgba(255,255,255,0.85)";

pub const CARD_RING: &str = "#ff8a1f";
pub const MAILBOX: &str = "#e9edf1";
pub const MAILBOX_EMPTY: &str = "rgba(233,237,241,0.18)";
pub const STOPPED: &str = "#6b7580";
pub const FAILED: &str = "#ff4d4d";
pub const GUN: &str = "#ffe066";

/// A helmet colour per role, so the crew reads at a glance.
pub fn helmet(actor: &str) -> &'static str {
    if actor == "race_engineer" {
        "#ffffff"
    } else if actor.starts_with("jack_") {
        "#ff8a1f"
    } else if actor.contains('.') {
        "#7fd1c7"
    } else {
        "#2ec4b6"
    }
}
