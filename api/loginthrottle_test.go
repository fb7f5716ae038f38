package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"testing"
	"time"

	"pathways/api"
)

// fromAddress is an HTTP client whose connections leave from the given loopback address
// (Linux routes all of 127.0.0.0/8 to the loopback device), so the server sees callers at
// distinct client addresses without any proxy header.
func fromAddress(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
}

// signIn posts a login to a served app and returns the status. It never calls t.Fatal, so
// goroutines may use it.
func signIn(hc *http.Client, base, username, password string, header ...string) (int, error) {
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	req, err := http.NewRequest("POST", base+"/api/v1/auth/login", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// burst sends n wrong passwords for username at once and counts the answers by status.
func burst(t *testing.T, hc *http.Client, base, username string, n int) map[int]int {
	t.Helper()
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			status, err := signIn(hc, base, username, fmt.Sprintf("wrong guess %d", i))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("login %d: %v", i, err)
				return
			}
			got[status]++
		}(i)
	}
	wg.Wait()
	return got
}

// Finding 3: thirty wrong passwords sent at once were all checked although the limit is ten,
// because each request read the failure count before any of them had recorded its failure.
func TestParallelWrongPasswordsGetNoMoreGuessesThanTheLimit(t *testing.T) {
	e := newEnvWith(t, api.Config{LoginFailuresPerUser: 10, LoginFailuresPerIP: 1000, LoginFailureDelay: time.Nanosecond})
	base := listen(t, e)
	got := burst(t, fromAddress("127.0.0.2"), base, "practitioner", 30)
	if got[401] > 10 || got[401]+got[429] != 30 {
		t.Errorf("30 parallel wrong passwords answered %v: at most 10 may be checked (401), the rest refused (429)", got)
	}
	// The audit trail agrees: no more than ten passwords were checked and failed.
	if n := e.count(`SELECT count(*) FROM audit_events WHERE action = 'auth.login' AND object_id = 'practitioner'
		AND outcome = 'failure'`); n > 10 {
		t.Errorf("%d failed password checks recorded, want at most 10", n)
	}
}

// Finding 3: the count per username let anyone lock anyone out. Failures now count per
// username at one client address: the attacker's address is refused, the victim's is not.
func TestAnonymousCallerCannotLockAUserOut(t *testing.T) {
	e := newEnvWith(t, api.Config{LoginFailuresPerUser: 10, LoginFailuresPerIP: 1000, LoginFailureDelay: time.Nanosecond})
	base := listen(t, e)
	attacker, victim := fromAddress("127.0.0.2"), fromAddress("127.0.0.3")
	got := burst(t, attacker, base, "practitioner", 30)
	if got[429] == 0 {
		t.Fatalf("the attacker's burst was never throttled: %v", got)
	}
	// The attacker's address stays refused, even with the right password.
	if status, err := signIn(attacker, base, "practitioner", testPassword); err != nil || status != 429 {
		t.Errorf("the attacker's address after its burst: %d %v, want 429", status, err)
	}
	// The victim, elsewhere, signs in.
	if status, err := signIn(victim, base, "practitioner", testPassword); err != nil || status != 200 {
		t.Errorf("the victim from another address: %d %v, want 200", status, err)
	}
}

// An address that sprays many usernames is refused as a whole (the per-address limit), and
// its refusals do not reach other addresses.
func TestOneAddressSprayingUsernamesIsRefused(t *testing.T) {
	e := newEnvWith(t, api.Config{LoginFailuresPerUser: 10, LoginFailuresPerIP: 5, LoginFailureDelay: time.Nanosecond})
	base := listen(t, e)
	sprayer := fromAddress("127.0.0.4")
	for i := 0; i < 5; i++ {
		if status, err := signIn(sprayer, base, fmt.Sprintf("someone%d", i), "not the password"); err != nil || status != 401 {
			t.Fatalf("guess %d: %d %v", i, status, err)
		}
	}
	if status, _ := signIn(sprayer, base, "admin", testPassword); status != 429 {
		t.Errorf("the spraying address's next sign-in: %d, want 429", status)
	}
	if status, _ := signIn(fromAddress("127.0.0.5"), base, "admin", testPassword); status != 200 {
		t.Errorf("another address: %d, want 200", status)
	}
}

// A successful sign-in gives back its attempt: people who sign in every day from one office
// address never reach the address's limit.
func TestSuccessfulSignInsDoNotUseUpTheAddressLimit(t *testing.T) {
	e := newEnvWith(t, api.Config{LoginFailuresPerUser: 10, LoginFailuresPerIP: 3, LoginFailureDelay: time.Nanosecond})
	base := listen(t, e)
	office := fromAddress("127.0.0.6")
	for i := 0; i < 8; i++ {
		if status, err := signIn(office, base, "supervisor", testPassword); err != nil || status != 200 {
			t.Fatalf("sign-in %d from the office: %d %v", i, status, err)
		}
	}
}

// loginIP is the client address the audit trail recorded for the last sign-in as username.
func loginIP(e *env, username string) string {
	e.t.Helper()
	var ip string
	if err := e.db.Pool().QueryRow(context.Background(), `SELECT ip FROM audit_events WHERE action = 'auth.login' AND object_id = $1
		ORDER BY id DESC LIMIT 1`, username).Scan(&ip); err != nil {
		e.t.Fatal(err)
	}
	return ip
}

// Behind a reverse proxy the client address comes from X-Forwarded-For, but only when the
// connection comes from a trusted proxy, and read from the right: what the client wrote
// itself (the left part) is never believed.
func TestClientAddressComesFromTrustedProxiesOnly(t *testing.T) {
	proxy := netip.MustParsePrefix("127.0.0.1/32")
	e := newEnvWith(t, api.Config{TrustedProxies: []netip.Prefix{proxy}, LoginFailuresPerUser: 10, LoginFailuresPerIP: 1000,
		LoginFailureDelay: time.Nanosecond})
	base := listen(t, e)
	viaProxy, direct := fromAddress("127.0.0.1"), fromAddress("127.0.0.2")
	for _, c := range []struct {
		client  *http.Client
		xff     string
		want    string
		because string
	}{
		{direct, "198.51.100.9", "127.0.0.2", "a client that is not a trusted proxy cannot name another address"},
		{viaProxy, "", "127.0.0.1", "a request from the proxy without a header is the proxy's"},
		{viaProxy, "198.51.100.9", "198.51.100.9", "the proxy's word is taken"},
		{viaProxy, "203.0.113.5, 198.51.100.9", "198.51.100.9", "the client's own X-Forwarded-For, left of the proxy's entry, is not"},
		{viaProxy, "203.0.113.5, 198.51.100.9, 127.0.0.1", "198.51.100.9", "trusted hops are passed over"},
		{viaProxy, "198.51.100.9, not-an-address", "127.0.0.1", "a mangled hop stops at the proxy"},
		{viaProxy, "2001:db8::7", "2001:db8::7", "IPv6 too"},
	} {
		user := fmt.Sprintf("probe-%d", time.Now().UnixNano())
		if _, err := signIn(c.client, base, user, "not the password", "X-Forwarded-For", c.xff); err != nil {
			t.Fatal(err)
		}
		if got := loginIP(e, user); got != c.want {
			t.Errorf("X-Forwarded-For %q: recorded %s, want %s (%s)", c.xff, got, c.want, c.because)
		}
	}
	// A client behind the proxy who rotates made-up addresses in front of the proxy's entry is
	// still one address to the limits.
	got := map[int]int{}
	for i := 0; i < 15; i++ {
		status, err := signIn(viaProxy, base, "practitioner", "wrong", "X-Forwarded-For", fmt.Sprintf("10.9.8.%d, 198.51.100.77", i))
		if err != nil {
			t.Fatal(err)
		}
		got[status]++
	}
	if got[401] != 10 || got[429] != 5 {
		t.Errorf("15 guesses behind the proxy with rotating X-Forwarded-For: %v, want 10 checked and 5 refused", got)
	}
}

// Without trusted proxies (the default), X-Forwarded-For is ignored altogether.
func TestForwardedForIsIgnoredWithoutTrustedProxies(t *testing.T) {
	e := newEnvWith(t, fastLogin)
	base := listen(t, e)
	if _, err := signIn(fromAddress("127.0.0.1"), base, "someone", "not the password", "X-Forwarded-For", "198.51.100.9"); err != nil {
		t.Fatal(err)
	}
	if got := loginIP(e, "someone"); got != "127.0.0.1" {
		t.Errorf("recorded %s, want the peer 127.0.0.1", got)
	}
}
