//! What is on screen and how it is drawn, with no browser in sight.
//!
//! - [`model`]: the [`Scene`], plain data;
//! - [`view`]: world metres to canvas pixels, landscape or portrait;
//! - [`layout`]: where the car, wheels, jacks and crew stand;
//! - [`draw`]: paints a scene through a [`Painter`];
//! - [`paint`]: the [`Painter`] trait (Canvas 2D in the browser, a recording in tests);
//! - [`palette`]: the colours.

pub mod draw;
pub mod layout;
pub mod model;
pub mod paint;
pub mod palette;
pub mod view;

pub use draw::draw_scene;
pub use model::{Scene, Wheel, WheelPhase};
pub use paint::{Align, Painter, Recording};
pub use view::View;
