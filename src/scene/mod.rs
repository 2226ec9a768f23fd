//! What is on screen and how it is drawn, with no browser in sight.
//!
//! - [`fold`]: the [`SceneModel`], which folds events into a [`Scene`] at any virtual time;
//! - [`model`]: the [`Scene`], plain data;
//! - [`view`]: world metres to canvas pixels, landscape or portrait;
//! - [`layout`]: where the car, wheels, jacks and crew stand;
//! - [`draw`]: paints a scene through a [`Painter`];
//! - [`paint`]: the [`Painter`] trait (Canvas 2D in the browser, a recording in tests);
//! - [`palette`]: the colours.

pub mod draw;
pub mod fold;
pub mod layout;
pub mod model;
pub mod paint;
pub mod palette;
pub mod view;

pub use draw::draw_scene;
pub use fold::{Motion, SceneModel};
pub use model::{
    ActorCard, Alarm, AlarmKind, Falling, Packet, PacketKind, Scene, Stopwatch, Wheel, WheelPhase,
};
pub use paint::{Align, Painter, Recording, StampKey};
pub use view::View;
