# Pathways: `make run` to try it, `make test` to check it. Both work on a fresh machine with
# Go, Node and PostgreSQL's binaries: a private PostgreSQL starts under .data/ when
# DATABASE_URL (or PATHWAYS_TEST_DATABASE_URL for tests) is not set.
SHELL := /bin/bash
GO    ?= go
BIN   := bin/pathways
NPM   := npm --prefix frontend
# The Go packages: ./... would also walk frontend/node_modules, where npm packages ship
# stray .go files.
GOPKGS := ./cmd/... ./api/... ./domain/... ./policy/... ./migrations/... ./frontend

.PHONY: run test build server web check-deps go-test web-test e2e system-deps postgres-bin stop clean faults screenshots

build: web server

server:
	$(GO) build -o $(BIN) ./cmd/pathways

frontend/node_modules/.installed: frontend/package-lock.json
	@echo "==> installing frontend packages"
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web: frontend/node_modules/.installed
	@echo "==> building the web app"
	$(NPM) run build

# The demo password lives in .data/demo-password unless PATHWAYS_DEMO_PASSWORD is set, so
# every `make run` can print the logins.
run: build
	@set -e; \
	if [ -z "$$DATABASE_URL" ]; then \
		$(MAKE) --no-print-directory postgres-bin; \
		echo "==> starting the private PostgreSQL in .data/pg"; \
		DATABASE_URL=$$($(GO) run ./cmd/devdb -dir .data/pg -owner pathways_app); export DATABASE_URL; \
	fi; \
	if [ -z "$$PATHWAYS_DEMO_PASSWORD" ]; then \
		mkdir -p .data; [ -s .data/demo-password ] || (umask 077; head -c 12 /dev/urandom | base64 | tr -d '/+=' > .data/demo-password); \
		chmod 600 .data/demo-password; \
		PATHWAYS_DEMO_PASSWORD=$$(cat .data/demo-password); export PATHWAYS_DEMO_PASSWORD; \
	fi; \
	export PATHWAYS_COOKIE_SECURE=$${PATHWAYS_COOKIE_SECURE:-false}; \
	if [ -z "$$PATHWAYS_AUDIT_KEY" ]; then \
		[ -s .data/audit-key ] || ./$(BIN) audit keygen -out .data/audit-key; \
		export PATHWAYS_AUDIT_KEY=.data/audit-key; \
	fi; \
	echo "==> migrating"; ./$(BIN) migrate; \
	echo "==> demo data"; ./$(BIN) seed --demo; \
	echo ""; \
	echo "  Pathways: http://$${PATHWAYS_ADDR:-127.0.0.1:8080}"; \
	echo "  Demo logins: admin, admin2, adminxb, supervisor, practitioner, practitioner2, national, auditor (README: Demo users)"; \
	echo "  Demo password: $$PATHWAYS_DEMO_PASSWORD"; \
	echo "  Audit checkpoints: $${PATHWAYS_CHECKPOINT_DIR:-.data/checkpoints} (signed with $$PATHWAYS_AUDIT_KEY)"; \
	echo "  Ctrl-C (or make stop) stops the server."; \
	echo ""; \
	echo $$$$ > .data/pathways.pid; \
	exec ./$(BIN) serve

# Chromium for the browser tests comes from Debian; PostgreSQL's binaries likewise (make run
# needs those too, unless DATABASE_URL names a server).
system-deps: postgres-bin
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "==> installing chromium (browser tests)"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "chromium is missing: sudo apt-get install chromium"; exit 1; fi; \
	fi

# The browser tests always run on a private cluster, so make test needs the binaries even
# when PATHWAYS_TEST_DATABASE_URL names a server for the Go tests.
postgres-bin:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
		echo "==> installing PostgreSQL's server binaries"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
		else echo "PostgreSQL is missing: sudo apt-get install postgresql"; exit 1; fi; \
	fi

# The dependency rule: the domain stays free of frameworks and I/O libraries, and the API
# never speaks SQL.
check-deps:
	@bad=$$($(GO) list -deps ./domain | grep -E 'gofiber|jackc|casbin|go-playground' || true); \
	if [ -n "$$bad" ]; then echo "dependency rule broken: domain imports $$bad"; exit 1; fi
	@bad=$$($(GO) list -deps ./api/... | grep -E 'jackc/pgx' || true); \
	if [ -n "$$bad" ]; then echo "dependency rule broken: api imports $$bad"; exit 1; fi
	@test -z "$$(gofmt -l cmd domain api policy migrations frontend/embed.go)" || { echo "gofmt needed:"; gofmt -l cmd domain api policy migrations; exit 1; }
	@echo "==> dependency rule and formatting: ok"

test: system-deps build check-deps
	@set -e; \
	if [ -z "$$PATHWAYS_TEST_DATABASE_URL" ]; then \
		echo "==> starting the private test PostgreSQL in .data/pgtest"; \
		PATHWAYS_TEST_DATABASE_URL=$$($(GO) run ./cmd/devdb -dir .data/pgtest -fast); export PATHWAYS_TEST_DATABASE_URL; \
	fi; \
	echo "==> go vet and staticcheck (pinned in go.mod)"; $(GO) vet $(GOPKGS); $(GO) tool staticcheck $(GOPKGS); \
	echo "==> Go tests (unit and integration, real PostgreSQL)"; \
	$(GO) test -count=1 -timeout 20m $(GOPKGS); \
	echo "==> frontend unit tests"; $(NPM) test; \
	echo "==> browser tests (Chromium)"; \
	PATHWAYS_E2E_DATABASE_URL=$$($(GO) run ./cmd/devdb -dir .data/pgtest -fast -fresh pathways_e2e) \
	PATHWAYS_BIN=$(CURDIR)/$(BIN) PATHWAYS_E2E_LOG=$(CURDIR)/.data/e2e-server.log PATHWAYS_LOG_LEVEL=info $(NPM) run e2e; \
	echo "==> all tests passed"

# The fault suite alone (make test runs it too, with every Go test): the real binary on a
# PostgreSQL cluster of its own in .data/pgfaults, killed, stopped and cut off under load.
faults:
	$(GO) test -count=1 -timeout 10m -run Fault -v ./cmd/pathways

# The README's pictures (not part of make test): the home page, a case, the approvals and the
# statistics in English and Arabic, on a fresh server with the demo data, into
# frontend/screenshots/ (1280×800 PNGs).
screenshots: system-deps build
	PATHWAYS_E2E_DATABASE_URL=$$($(GO) run ./cmd/devdb -dir .data/pgtest -fast -fresh pathways_screenshots) \
	PATHWAYS_BIN=$(CURDIR)/$(BIN) $(NPM) run -s screenshots

# Stops what make run started (the server, even when run in the background) and the private
# clusters.
stop:
	@if [ -s .data/pathways.pid ] && kill -0 "$$(cat .data/pathways.pid)" 2>/dev/null && \
		grep -q pathways "/proc/$$(cat .data/pathways.pid)/cmdline" 2>/dev/null; then \
		echo "==> stopping the server (pid $$(cat .data/pathways.pid))"; kill -TERM "$$(cat .data/pathways.pid)"; \
		for i in $$(seq 50); do kill -0 "$$(cat .data/pathways.pid)" 2>/dev/null || break; sleep 0.2; done; \
	fi; rm -f .data/pathways.pid
	-$(GO) run ./cmd/devdb -dir .data/pg stop
	-$(GO) run ./cmd/devdb -dir .data/pgtest stop
	-$(GO) run ./cmd/devdb -dir .data/pgfaults stop

clean: stop
	-$(GO) run ./cmd/devdb -dir .data/pg remove
	-$(GO) run ./cmd/devdb -dir .data/pgtest remove
	rm -rf bin .data frontend/node_modules
