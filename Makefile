# Kith: `make run` serves a demo council; `make test` runs every test.
# Go modules come from the Go module proxy and front-end packages from npm
# (package-lock.json); nothing third-party is committed.

GO ?= go
DB ?= ./kith.db
# GOTESTFLAGS adds flags to go test: CI sets -race.
GOTESTFLAGS ?=
# The awkward days the suite must pass on (KITH_TEST_NOW): late on a winter
# Saturday (six weeks back is summer time, so days counted back in hours land
# on the wrong date), the August bank holiday, just after midnight on 29
# February (an hour back is yesterday), the hour London's clocks repeat, and
# half an hour before a new year.
TEST_DATES ?= 2026-12-05T23:30:00Z 2026-08-31T09:00:00+01:00 2028-02-29T00:30:00Z 2026-10-25T01:30:00+01:00 2026-12-31T23:30:00Z

.PHONY: run test test-dates bench assets build clean

## run: build Kith and serve the demo council at http://localhost:8080
run: assets
	KITH_SECURE_COOKIES=false KITH_LOG_FORMAT=text $(GO) run ./cmd/kith serve --db $(DB) --demo

## test: every test (PostgreSQL and browser tests run when available)
test: assets
	$(GO) vet ./...
	$(GO) test $(GOTESTFLAGS) -timeout 60m ./...

## test-dates: the suite (browser journeys on the first date only) pinned to
## each of TEST_DATES
test-dates: assets
	@set -e; first=1; for d in $(TEST_DATES); do \
		pkgs=$$($(GO) list ./... | grep -v '/e2e$$'); \
		if [ $$first = 1 ]; then pkgs=./...; first=0; fi; \
		echo "== KITH_TEST_NOW=$$d"; \
		KITH_TEST_NOW=$$d $(GO) test -count=1 -timeout 60m $$pkgs; \
	done

## bench: time the busiest screens at council scale (15,000 open cases),
## then the concurrency sweep, whose chart goes to docs/benchmarks-sweep.svg
bench: assets
	$(GO) run ./cmd/kith bench --chart docs/benchmarks-sweep.svg

## build: a kith binary in bin/
build: assets
	$(GO) build -trimpath -o bin/kith ./cmd/kith

## assets: GOV.UK Frontend CSS and JavaScript, axe-core for the tests, the
## British English word list the quality coach embeds, and the list of
## common passwords Kith refuses
assets: web/static/dist/kith.css quality/dict/en_GB.words quality/dict/vader_lexicon.txt password/list/passwords.json

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; else echo "npm not found: pages will be unstyled and browser tests will skip"; fi

web/static/dist/kith.css: node_modules/.package-lock.json web/assets/kith.scss web/assets/build.mjs
	@if [ -d node_modules/govuk-frontend ]; then node web/assets/build.mjs; fi

quality/dict/en_GB.dic: node_modules/.package-lock.json
	@if [ -d node_modules/dictionary-en-gb ]; then \
		cp node_modules/dictionary-en-gb/index.aff quality/dict/en_GB.aff && \
		cp node_modules/dictionary-en-gb/license quality/dict/LICENSE-SCOWL && \
		cp node_modules/dictionary-en-gb/index.dic quality/dict/en_GB.dic; fi

# The dictionary's words, expanded once here rather than each time Kith starts.
quality/dict/en_GB.words: quality/dict/en_GB.dic internal/wordlist/main.go quality/spelling.go
	@if [ -f quality/dict/en_GB.dic ]; then \
		$(GO) build -o bin/wordlist ./internal/wordlist && \
		bin/wordlist quality/dict/en_GB.aff quality/dict/en_GB.dic $@; fi

# VADER's lexicon of words people use to judge and feel (MIT; the npm
# package is Apache-2.0): the coach's judgement-stated-as-fact rule.
quality/dict/vader_lexicon.txt: node_modules/.package-lock.json
	@if [ -d node_modules/vader-sentiment ]; then \
		cp node_modules/vader-sentiment/LICENSE quality/dict/LICENSE-vader && \
		cp node_modules/vader-sentiment/vader_lexicon.txt quality/dict/vader_lexicon.txt; fi

password/list/passwords.json: node_modules/.package-lock.json
	@if [ -d node_modules/@zxcvbn-ts/language-common ]; then \
		cp node_modules/@zxcvbn-ts/language-common/LICENSE.txt password/list/LICENSE-zxcvbn-ts && \
		cp node_modules/@zxcvbn-ts/language-common/src/passwords.json password/list/passwords.json; fi

clean:
	rm -rf bin web/static/dist .bench quality/dict/en_GB.* quality/dict/LICENSE-SCOWL quality/dict/vader_lexicon.txt quality/dict/LICENSE-vader password/list/passwords.json password/list/LICENSE-zxcvbn-ts
