//! An in-process TCP proxy that injects faults, in the style of Toxiproxy, for tests such as the
//! exactly-once submission test: the client talks to [`FaultProxy::addr`] and the proxy forwards
//! to the real backend while delaying, resetting, swallowing or refusing connections on demand.
//!
//! No maintained crate serves because the only Rust reimplementation of Toxiproxy, `noxious`
//! (1.0.4, last released in April 2021), is the core of a server: it still compiles against
//! tokio 1 on stable Rust, but its library surface is the server's internals (a mockable
//! listener trait, request/response channels and stop signals meant for its REST API) and it
//! drags in `tokio-util` 0.6 and `rand` 0.8. More decisively, it lacks the faults this test
//! needs: there is no reset toxic at all, so neither "forward the request, then reset before the
//! response" nor "reset on accept" exists; "down" means tearing a proxy down and creating it
//! again; and toxics are switched on by an unseeded per-toxic probability rather than a seeded,
//! weighted choice of one fault per connection. The proxy here is a few hundred lines on tokio.

mod blocking;
mod connection;
mod fault;
mod listener;
mod policy;
mod proxy;
mod stats;

pub use blocking::BlockingFaultProxy;
pub use fault::Fault;
pub use proxy::FaultProxy;
pub use stats::Stats;
