//! Choosing the fault for each newly accepted connection.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::Fault;

/// How faults are chosen: one fault for every connection, or a seeded weighted draw.
#[derive(Debug)]
pub(crate) enum Policy {
    /// Every new connection gets this fault.
    Fixed(Fault),
    /// Each new connection gets a fault drawn by weight; draws happen in accept order.
    Random {
        rng: Box<ChaCha8Rng>,
        mix: Vec<(Fault, u32)>,
        total: u64,
    },
}

impl Policy {
    /// A seeded weighted mix.
    ///
    /// # Panics
    /// If the weights add up to zero (including an empty mix).
    pub(crate) fn random(seed: u64, mix: &[(Fault, u32)]) -> Policy {
        let total = mix.iter().map(|(_, weight)| u64::from(*weight)).sum();
        assert!(
            total > 0,
            "a random fault mix needs a positive total weight"
        );
        Policy::Random {
            rng: Box::new(ChaCha8Rng::seed_from_u64(seed)),
            mix: mix.to_vec(),
            total,
        }
    }

    /// Whether new connections are refused, i.e. the listener must be closed.
    pub(crate) fn is_down(&self) -> bool {
        matches!(self, Policy::Fixed(Fault::Down))
    }

    /// The fault for the next accepted connection.
    pub(crate) fn choose(&mut self) -> Fault {
        match self {
            Policy::Fixed(fault) => fault.clone(),
            Policy::Random { rng, mix, total } => {
                let mut ticket = rng.next_u64() % *total;
                for (fault, weight) in mix.iter() {
                    let weight = u64::from(*weight);
                    if ticket < weight {
                        return fault.clone();
                    }
                    ticket -= weight;
                }
                unreachable!("the ticket is below the total weight")
            }
        }
    }
}
