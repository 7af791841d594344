//! The faults the proxy can apply to a connection.

/// What the proxy does to connections, switchable at any time.
///
/// A connection's fault is chosen when it is accepted and kept for its whole life, except that
/// switching to [`Fault::Down`] (or stopping the proxy) cuts every live connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Forward bytes both ways untouched.
    None,
    /// Forward bytes both ways, delaying every chunk read from either side.
    Latency {
        /// The delay added before each chunk is written on, in milliseconds.
        millis: u64,
    },
    /// Forward the client's bytes upstream and wait for the first response byte, then reset both
    /// sides (RST through `SO_LINGER` 0) without passing any response byte to the client: the
    /// server committed, the client never heard.
    ResetAfterRequest,
    /// Accept, then reset at once: no upstream connection is made and no byte is forwarded.
    ResetImmediately,
    /// Accept, read and discard whatever the client sends, and never answer, so the client times
    /// out. No upstream connection is made.
    Blackhole,
    /// Stop accepting: the listening socket is closed so connects are refused, and live
    /// connections are reset. The same port is bound again when the fault changes away from
    /// `Down`. When drawn by [`FaultProxy::set_random`](crate::FaultProxy::set_random) for a
    /// single connection that was already accepted, it resets that connection at once.
    Down,
}
