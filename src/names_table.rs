//! Actor names as seen from the event stream alone.
//!
//! Events name actors by [`ActorId`]; each `spawn` event carries the name and label. Every
//! consumer that turns events into text (the JSON-lines log, the human log, the scene) folds
//! the stream through this table, so it needs nothing but the events themselves, which is
//! also what makes a log loaded from a file replayable.

use std::rc::Rc;

use crate::runtime::{ActorId, Event, EventKind};

#[derive(Clone, Debug, Default)]
pub struct NameTable {
    names: Vec<Option<(Rc<str>, Rc<str>)>>,
    parents: Vec<Option<ActorId>>,
}

impl NameTable {
    /// Learns names from `spawn` events; every other event is ignored.
    pub fn observe(&mut self, event: &Event) {
        if let EventKind::Spawn {
            actor,
            name,
            label,
            parent,
        } = &event.kind
        {
            let i = actor.index();
            if self.names.len() <= i {
                self.names.resize(i + 1, None);
                self.parents.resize(i + 1, None);
            }
            self.names[i] = Some((Rc::clone(name), Rc::clone(label)));
            self.parents[i] = *parent;
        }
    }

    /// The actor's stable name, or `"?"` for an id no spawn event introduced.
    pub fn name(&self, id: ActorId) -> &str {
        self.entry(id).map_or("?", |(n, _)| n)
    }

    /// The actor's display label.
    pub fn label(&self, id: ActorId) -> &str {
        self.entry(id).map_or("?", |(_, l)| l)
    }

    /// The actor's parent, if it has one.
    pub fn parent(&self, id: ActorId) -> Option<ActorId> {
        *self.parents.get(id.index())?
    }

    fn entry(&self, id: ActorId) -> Option<&(Rc<str>, Rc<str>)> {
        self.names.get(id.index())?.as_ref()
    }
}
