package api

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// clientIP is the address a request comes from, as sign-in limits and the audit trail
// record it. Without trusted proxies (the default) it is the connection's peer, and any
// X-Forwarded-For is ignored: a client could write anything there. When the peer is a
// trusted proxy (Config.TrustedProxies, checked by Fiber's IsProxyTrusted), X-Forwarded-For
// is read from the right: each proxy appends the address it received the request from, so
// the first address from the right that is not itself a trusted proxy is the client, and
// whatever stands left of it may have been written by the client and is never believed. A
// hop that is not an address ends the walk at the last trusted proxy, so a mangled header
// cannot spread one client over many addresses.
func (s *Server) clientIP(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.IP()
	}
	peer = peer.Unmap()
	if len(s.cfg.TrustedProxies) == 0 || !c.IsProxyTrusted() {
		return peer.String()
	}
	var hops []string
	for _, h := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		hops = append(hops, strings.Split(string(h), ",")...)
	}
	last := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.Trim(strings.TrimSpace(hops[i]), "[]"))
		if err != nil {
			break
		}
		a = a.Unmap()
		if !s.trustedProxy(a) {
			return a.String()
		}
		last = a
	}
	return last.String()
}

func (s *Server) trustedProxy(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
