//! Who is who: the crew's stable ids (used in events and the JSON-lines log) and labels.

/// A wheel corner. The order (front left, front right, rear left, rear right) is used
/// everywhere arrays are indexed by corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Corner {
    FrontLeft,
    FrontRight,
    RearLeft,
    RearRight,
}

impl Corner {
    pub const ALL: [Corner; 4] = [
        Corner::FrontLeft,
        Corner::FrontRight,
        Corner::RearLeft,
        Corner::RearRight,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The tire changer's actor id.
    pub fn actor(self) -> &'static str {
        match self {
            Corner::FrontLeft => "tire_fl",
            Corner::FrontRight => "tire_fr",
            Corner::RearLeft => "tire_rl",
            Corner::RearRight => "tire_rr",
        }
    }

    /// The seed's name for the position.
    pub fn label(self) -> &'static str {
        match self {
            Corner::FrontLeft => "Front Left",
            Corner::FrontRight => "Front Right",
            Corner::RearLeft => "Rear Left",
            Corner::RearRight => "Rear Right",
        }
    }

    /// The end of the car whose jack lifts this wheel.
    pub fn end(self) -> End {
        match self {
            Corner::FrontLeft | Corner::FrontRight => End::Front,
            Corner::RearLeft | Corner::RearRight => End::Rear,
        }
    }

    pub fn is_front(self) -> bool {
        self.end() == End::Front
    }

    /// -1 for the car's left side, +1 for its right.
    pub fn side(self) -> f64 {
        match self {
            Corner::FrontLeft | Corner::RearLeft => -1.0,
            Corner::FrontRight | Corner::RearRight => 1.0,
        }
    }

    pub fn from_actor(id: &str) -> Option<Corner> {
        Corner::ALL.into_iter().find(|c| c.actor() == id)
    }
}

/// An end of the car, and its jack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum End {
    Front,
    Rear,
}

impl End {
    pub const BOTH: [End; 2] = [End::Front, End::Rear];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The jack operator's actor id.
    pub fn actor(self) -> &'static str {
        match self {
            End::Front => "jack_front",
            End::Rear => "jack_rear",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            End::Front => "Front jack",
            End::Rear => "Rear jack",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            End::Front => "front",
            End::Rear => "rear",
        }
    }

    /// The two wheels this jack lifts.
    pub fn corners(self) -> [Corner; 2] {
        match self {
            End::Front => [Corner::FrontLeft, Corner::FrontRight],
            End::Rear => [Corner::RearLeft, Corner::RearRight],
        }
    }

    pub fn from_actor(id: &str) -> Option<End> {
        End::BOTH.into_iter().find(|e| e.actor() == id)
    }
}

pub const RACE_ENGINEER: &str = "race_engineer";
pub const CAR: &str = "car";

/// The roles of a tire changer's sub-crew in the full crew.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hand {
    /// Takes the wheel nut off and puts it back on with the wheel gun.
    Gunner,
    /// Pulls the old wheel off.
    TireOff,
    /// Puts the new wheel on.
    TireOn,
}

impl Hand {
    pub const ALL: [Hand; 3] = [Hand::Gunner, Hand::TireOff, Hand::TireOn];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn suffix(self) -> &'static str {
        match self {
            Hand::Gunner => "gunner",
            Hand::TireOff => "tire_off",
            Hand::TireOn => "tire_on",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Hand::Gunner => "gunner",
            Hand::TireOff => "tire off",
            Hand::TireOn => "tire on",
        }
    }

    /// The sub-crew member's actor id: `tire_fl.gunner`.
    pub fn actor(self, corner: Corner) -> String {
        format!("{}.{}", corner.actor(), self.suffix())
    }
}

/// The display label for an actor id, for people.
pub fn label_of(actor: &str) -> String {
    if actor == RACE_ENGINEER {
        return "Race engineer".into();
    }
    if actor == CAR {
        return "Car".into();
    }
    if let Some(end) = End::from_actor(actor) {
        return end.label().into();
    }
    if let Some(corner) = Corner::from_actor(actor) {
        return corner.label().into();
    }
    if let Some((tire, hand)) = actor.split_once('.') {
        if let (Some(corner), Some(hand)) = (
            Corner::from_actor(tire),
            Hand::ALL.into_iter().find(|h| h.suffix() == hand),
        ) {
            return format!("{} {}", corner.label(), hand.label());
        }
    }
    actor.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_labels_round_trip() {
        for c in Corner::ALL {
            assert_eq!(Corner::from_actor(c.actor()), Some(c));
            assert_eq!(label_of(c.actor()), c.label());
        }
        for e in End::BOTH {
            assert_eq!(End::from_actor(e.actor()), Some(e));
        }
        assert_eq!(
            label_of(&Hand::Gunner.actor(Corner::RearLeft)),
            "Rear Left gunner"
        );
        assert_eq!(label_of("race_engineer"), "Race engineer");
        assert_eq!(label_of("stranger"), "stranger");
    }
}
