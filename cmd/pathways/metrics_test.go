package main

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"pathways/domain/postgres/pgtest"
)

func get(url string) (int, string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

// Finding 9: the metrics are served on PATHWAYS_METRICS_ADDR, never on the public port.
func TestServeMetricsOnTheirOwnListener(t *testing.T) {
	dbURL := pgtest.URL(t)
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	cmd := exec.Command(binary(t), "serve")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "PATHWAYS_SECRET="+goodSecret, "PATHWAYS_ADDR="+addr,
		"PATHWAYS_COOKIE_SECURE=false", "PATHWAYS_METRICS_ADDR="+metricsAddr)
	var logs lockedBuffer
	cmd.Stdout, cmd.Stderr = io.Discard, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	waitFor(t, "the server to answer", func() bool {
		status, _, err := get("http://" + addr + "/healthz")
		return err == nil && status == 200
	})
	if status, body, err := get("http://" + addr + "/metrics"); err != nil || status != 404 || strings.Contains(body, "pathways_http") {
		t.Errorf("public /metrics: %d %v %.100s", status, err, body)
	}
	status, body, err := get("http://" + metricsAddr + "/metrics")
	if err != nil || status != 200 || !strings.Contains(body, `pathways_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}`) {
		t.Errorf("metrics listener: %d %v %.300s\n%s", status, err, body, logs.String())
	}
	if status, _, _ := get("http://" + metricsAddr + "/api/v1/me"); status != 404 {
		t.Errorf("the metrics listener serves more than metrics: %d", status)
	}
}

// A metrics address already taken stops the start with a message naming the setting, before
// anything is served: the server used to answer for a moment with its database pool already
// closed (500s), then stop.
func TestServeRefusesATakenMetricsAddress(t *testing.T) {
	dbURL := pgtest.URL(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	addr := freeAddr(t)
	cmd := exec.Command(binary(t), "serve")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "PATHWAYS_SECRET="+goodSecret, "PATHWAYS_ADDR="+addr,
		"PATHWAYS_COOKIE_SECURE=false", "PATHWAYS_METRICS_ADDR="+taken.Addr().String())
	var logs lockedBuffer
	cmd.Stdout, cmd.Stderr = io.Discard, &logs
	if err := cmd.Run(); err == nil {
		t.Fatalf("the server started on a taken metrics address:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "PATHWAYS_METRICS_ADDR") || strings.Contains(logs.String(), `"msg":"serving"`) {
		t.Errorf("want a refusal naming PATHWAYS_METRICS_ADDR before serving:\n%s", logs.String())
	}
}
