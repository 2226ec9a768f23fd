//! pitstop: the actor model, played out as a Formula 1 pit stop.
