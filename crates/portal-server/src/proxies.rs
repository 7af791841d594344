//! Which address a request came from, behind load balancers.
//!
//! A request's address is its TCP peer, unless that peer is one of the configured trusted
//! proxies (`trusted_proxies` in the config, e.g. the HAProxy in front of the portals): then it
//! is taken from `X-Forwarded-For`, read from the right (the entry the nearest proxy appended)
//! past every entry that is itself a trusted proxy. A client cannot choose its address by
//! sending the header itself: a direct client is not a trusted peer, so its header is ignored;
//! behind a proxy, what it sent sits to the left of the entry the proxy appended, which is the
//! one taken. Rate limits and the per-address connection cap use this address; a trusted proxy
//! itself is exempt from the per-address cap (all its clients share its connections).

use ipnet::IpNet;
use std::net::IpAddr;

/// The trusted proxies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// A `trusted_proxies` entry that is neither an address nor a network.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an IP address or network (CIDR): {0:?}")]
pub struct BadProxy(pub String);

impl TrustedProxies {
    /// Parses addresses (`10.0.0.5`) and networks (`10.0.0.0/8`, `::1/128`).
    pub fn parse<'a>(entries: impl IntoIterator<Item = &'a str>) -> Result<Self, BadProxy> {
        entries
            .into_iter()
            .map(|e| {
                let e = e.trim();
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| BadProxy(e.to_owned()))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    /// Whether `ip` is a trusted proxy.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: `peer`, or when `peer` is trusted, the rightmost address in the
    /// `X-Forwarded-For` values (all header lines, in order) that is not a trusted proxy. An
    /// entry that is not an address stops the walk there (nothing left of it can be believed);
    /// so does running out of entries: the last trusted hop is the answer then.
    pub fn client<'a>(&self, peer: IpAddr, forwarded_for: impl Iterator<Item = &'a str>) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let entries: Vec<&str> = forwarded_for.flat_map(|v| v.split(',')).collect();
        let mut client = peer;
        for entry in entries.iter().rev() {
            let Ok(ip) = entry.trim().parse::<IpAddr>() else {
                break;
            };
            client = canonical(ip);
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

/// An IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`) as the IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_sends() {
        let t = TrustedProxies::parse(["10.0.0.0/8"]).unwrap();
        assert_eq!(
            t.client(ip("203.0.113.9"), ["1.2.3.4"].into_iter()),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_appended_entry_counts_not_the_clients_own() {
        let t = TrustedProxies::parse(["127.0.0.1", "10.0.0.0/8"]).unwrap();
        // The client sent "1.2.3.4" itself; the proxy appended the real peer.
        let header = ["1.2.3.4, 198.51.100.7"];
        assert_eq!(
            t.client(ip("127.0.0.1"), header.into_iter()),
            ip("198.51.100.7")
        );
        // Two header lines, and a second proxy hop that is trusted too.
        let lines = ["1.2.3.4", "198.51.100.7, 10.1.2.3"];
        assert_eq!(
            t.client(ip("127.0.0.1"), lines.into_iter()),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn garbage_or_nothing_from_a_trusted_proxy_gives_the_last_trusted_hop() {
        let t = TrustedProxies::parse(["127.0.0.1", "10.0.0.0/8"]).unwrap();
        assert_eq!(
            t.client(ip("127.0.0.1"), std::iter::empty()),
            ip("127.0.0.1")
        );
        let header = ["198.51.100.7, not-an-ip, 10.0.0.2"];
        assert_eq!(
            t.client(ip("127.0.0.1"), header.into_iter()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn mapped_ipv4_is_ipv4_and_bad_entries_are_refused() {
        let t = TrustedProxies::parse(["127.0.0.1"]).unwrap();
        assert!(t.contains(ip("::ffff:127.0.0.1")));
        assert_eq!(
            TrustedProxies::parse(["10.0.0.0/33"]),
            Err(BadProxy("10.0.0.0/33".into()))
        );
        assert!(TrustedProxies::parse(["haproxy"]).is_err());
    }
}
