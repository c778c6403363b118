package main_test

import (
	"net/netip"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestReferenceProxyPassesClientAddress: the reference deployment gives
// vfv each client's address, so that wrong passwords and submissions are
// throttled per client rather than all clients sharing the proxy's
// bucket: Caddy sends X-Forwarded-For (its default, built from the
// connection, never the client's own header), and compose trusts exactly
// Caddy's fixed address for it (VFV_TRUSTED_PROXIES).
func TestReferenceProxyPassesClientAddress(t *testing.T) {
	caddy, err := os.ReadFile("../../deploy/Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(caddy), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "header_up" && strings.EqualFold(strings.TrimPrefix(f[1], "-"), "X-Forwarded-For") {
			t.Errorf("deploy/Caddyfile changes X-Forwarded-For (%q): vfv would see every client as the proxy", strings.TrimSpace(line))
		}
	}
	b, err := os.ReadFile("../../deploy/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Environment map[string]string
			Networks    map[string]struct {
				IPv4 string `yaml:"ipv4_address"`
			}
		}
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatal(err)
	}
	var proxy netip.Addr
	for _, n := range compose.Services["proxy"].Networks {
		proxy, _ = netip.ParseAddr(n.IPv4)
	}
	if !proxy.IsValid() {
		t.Fatal("deploy/compose.yaml gives the proxy no fixed ipv4_address to trust")
	}
	for _, name := range []string{"vfv1", "vfv2"} {
		v := compose.Services[name].Environment["VFV_TRUSTED_PROXIES"]
		p, err := netip.ParsePrefix(v)
		if err != nil || !p.Contains(proxy) || p.Bits() != 32 {
			t.Errorf("%s: VFV_TRUSTED_PROXIES=%q, want exactly the proxy, %s/32", name, v, proxy)
		}
	}
}
