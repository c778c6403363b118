package main_test

import (
	"bufio"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startDBServer runs `vfv db-server` on a free loopback port and returns
// its MongoDB URI.
func startDBServer(t testing.TB, bin, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "db-server", "--listen", addr, "--sqlite-dir", filepath.Join(dir, "db"))
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	uric := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "MONGODB_URI="); ok {
				uric <- u
			}
		}
	}()
	select {
	case u := <-uric:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("db-server did not start")
	}
	return ""
}

// vfvCmd runs a vfv command in dir with env and returns its stdout.
func vfvCmd(t testing.TB, bin, dir, stdin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("vfv %v: %v\n%s", args, err, msg)
	}
	return string(out)
}

// TestTwoReplicas runs two vfv serve processes on one store: a campaign
// created through one is answered on the other, stored once across both,
// and counted on both (nothing the answer path needs lives only in one
// process).
func TestTwoReplicas(t *testing.T) {
	bin := buildVFV(t)
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "surveys"), os.DirFS("../../surveys")); err != nil {
		t.Fatal(err)
	}
	// The store: MONGODB_URI when set (CI's FerretDB on PostgreSQL), in a
	// database of this test's own; else a db-server on SQLite.
	var env []string
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		env = []string{"MONGODB_URI=" + uri, "VFV_DB=vfv_replicas_" + strconv.FormatInt(time.Now().UnixNano(), 36)}
	} else {
		env = []string{"MONGODB_URI=" + startDBServer(t, bin, dir)}
	}
	vfvCmd(t, bin, dir, "", env, "project", "create", "grums", "--name", "Tillitsbyrån Grums")
	vfvCmd(t, bin, dir, "ett långt lösenord\n", env, "user", "add", "--project", "grums", "--role", "admin", "anna@grums.se")
	var tok struct{ Token string }
	if err := json.Unmarshal([]byte(vfvCmd(t, bin, dir, "", env, "token", "create", "--user", "anna@grums.se", "--json")), &tok); err != nil || tok.Token == "" {
		t.Fatalf("token create --json: %v", err)
	}
	a := startServe(t, bin, dir, env...)
	b := startServe(t, bin, dir, env...)

	call := func(p *proc, method, path, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, p.url+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	status, camp := call(a, "POST", "/api/v1/campaigns", `{"survey":"unga-vuxna","project":"grums","name":"Hösten","site":"Fritidsgården"}`)
	code, _ := camp["code"].(string)
	if status != 201 || code == "" {
		t.Fatalf("create campaign on replica A = %d %v", status, camp)
	}
	sub := `{"id":"9b2f7c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f","campaign":"` + code + `","lang":"sv","judgments":[{"a":"jobb-studier","b":"ma-bra","value":1}]}`
	if status, body := call(b, "POST", "/api/v1/responses", sub); status != 201 {
		t.Fatalf("answer on replica B = %d %v", status, body)
	}
	if status, body := call(a, "POST", "/api/v1/responses", sub); status != 200 {
		t.Errorf("the same answer replayed on replica A = %d %v, want 200 (stored once)", status, body)
	}
	for name, p := range map[string]*proc{"A": a, "B": b} {
		_, c := call(p, "GET", "/api/v1/campaigns/"+code, "")
		counts, _ := c["counts"].(map[string]any)
		if counts == nil || counts["total"] != 1.0 {
			t.Errorf("count on replica %s = %v, want 1", name, c["counts"])
		}
	}
	a.stop(t)
	b.stop(t)
}
