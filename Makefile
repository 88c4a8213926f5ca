# scrutiny — plain GNU make. `make test` and `make demo` install missing Debian packages first.
.DELETE_ON_ERROR:
.SUFFIXES:

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
PKG_CONFIG ?= pkg-config
CC ?= cc
CFLAGS ?= -O2 -g
BUILD ?= build

PKGS := lua5.4 sqlite3 yaml-0.1 jansson libxxhash
# The release, from the header (SC_VERSION): the .pc file and the shared library's name follow it.
VERSION := $(shell sed -n 's/^\#define SC_VERSION "\(.*\)"$$/\1/p' include/scrutiny.h)
PLUGINS := plugins/re.so plugins/moderngov-html.so
# Project flags stay apart from the user's CFLAGS, so `make CFLAGS=-O0` keeps the warnings.
WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wundef -Wwrite-strings -Wmissing-prototypes \
        -Wstrict-prototypes -Wold-style-definition -Wformat=2 -Wno-format-truncation -Wvla -pedantic
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS))
SC_CFLAGS = $(WARN) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -fPIC -fvisibility=hidden -Iinclude $(PKG_CFLAGS) -MMD -MP \
            -DSC_PLUGIN_DIR='"$(LIBDIR)/scrutiny/plugins"' -DSC_RULES_DIR='"$(DATADIR)/scrutiny/rules"'
SC_LDLIBS = $(PKG_LIBS) -lstemmer -lm -ldl

LIB_SRC := $(sort $(wildcard src/core/*.c src/load/*.c src/store/*.c src/lua/*.c src/match/*.c src/findings/*.c src/sink/*.c src/plugin/*.c src/host/*.c src/*.c))
CLI_SRC := $(wildcard src/cli/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/std_catalogue.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

LIB_A := $(BUILD)/libscrutiny.a
LIB_SO := $(BUILD)/libscrutiny.so
LIB_SONAME := libscrutiny.so.0
CLI := $(BUILD)/scrutiny-run

.PHONY: all deps test test-dist check demo bench eval install uninstall clean asan valgrind fuzz golden
all: $(LIB_A) $(LIB_SO) $(BUILD)/$(LIB_SONAME) $(CLI) $(BUILD)/scrutiny.pc $(PLUGINS)

# Plugins: one folder each under plugins/, built beside it as plugins/NAME.so.
PLUGIN_CFLAGS = $(WARN) -D_POSIX_C_SOURCE=200809L -fPIC -shared -Iinclude $(shell $(PKG_CONFIG) --cflags lua5.4)
plugins/re.so: plugins/re/re.c include/scrutiny_plugin.h include/scrutiny.h
	$(CC) $(PLUGIN_CFLAGS) $(shell $(PKG_CONFIG) --cflags libpcre2-8) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(shell $(PKG_CONFIG) --libs libpcre2-8 lua5.4)
plugins/moderngov-html.so: plugins/moderngov-html/moderngov_html.c include/scrutiny_plugin.h include/scrutiny.h
	$(CC) $(PLUGIN_CFLAGS) $(shell $(PKG_CONFIG) --cflags libxml-2.0) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(shell $(PKG_CONFIG) --libs libxml-2.0)

deps:
	@sh .ci/deps.sh

# Objects depend on this Makefile too: a change of flags (such as -fvisibility=hidden) rebuilds
# them, where an old build/ kept objects made with the old flags.
$(BUILD)/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(SC_CFLAGS) $(CFLAGS) -c $< -o $@

# The standard indicator catalogue, built in from rules/indicators.yaml.
$(BUILD)/gen/std_catalogue.c: rules/indicators.yaml
	@mkdir -p $(@D)
	{ printf 'const char sc_std_catalogue[] =\n'; sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; printf ';\n'; } > $@

$(BUILD)/gen/std_catalogue.o: $(BUILD)/gen/std_catalogue.c Makefile
	$(CC) $(SC_CFLAGS) -Wno-overlength-strings $(CFLAGS) -c $< -o $@

$(LIB_A): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(LIB_SO): $(LIB_OBJ)
	$(CC) -shared $(CFLAGS) $(LDFLAGS) -Wl,-soname,$(LIB_SONAME) -o $@ $^ $(SC_LDLIBS)

# What a program linked with -lscrutiny asks for at run time (LD_LIBRARY_PATH=build works).
$(BUILD)/$(LIB_SONAME): $(LIB_SO)
	ln -sf libscrutiny.so $@

$(CLI): $(CLI_OBJ) $(LIB_A)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB_A) $(SC_LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(SC_CFLAGS) -Wno-missing-prototypes -Isrc $(CFLAGS) -o $@ $< $(LIB_A) \
	    $(SC_LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka)

$(BUILD)/scrutiny.pc: Makefile include/scrutiny.h
	@mkdir -p $(@D)
	printf 'prefix=%s\nlibdir=%s\nincludedir=%s\n\nName: scrutiny\nDescription: Review of council scrutiny minutes with Lua rules\nVersion: %s\nRequires.private: %s\nLibs: -L$${libdir} -lscrutiny\nLibs.private: -lstemmer -lm -ldl\nCflags: -I$${includedir}\n' \
	    '$(PREFIX)' '$(LIBDIR)' '$(INCDIR)' '$(VERSION)' '$(PKGS)' > $@

# `make test`: install what is missing, build, then run every suite; the last line is the total.
test:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@sh tests/run.sh $(BUILD)

check: test

# `make test-dist`: examples/slurm (a job array on a one-node Slurm cluster the test starts on
# loopback) and examples/dask (the Python binding on a LocalCluster) over generated minutes of 20
# councils, each merged and compared byte for byte with one run; installs slurm-wlm, munge,
# python3-cffi and python3-distributed when missing. DIST_ITEMS=N items (400), DIST_SHARDS=N (4).
test-dist:
	@$(MAKE) --no-print-directory deps
	@sh .ci/deps.sh slurm-wlm munge python3-cffi python3-distributed || \
	    echo "test-dist: slurm-wlm, munge, python3-cffi or python3-distributed could not be installed: what needs them skips"
	@$(MAKE) --no-print-directory all
	@SCRIPTS=tests/dist sh tests/run.sh $(BUILD)

# `make api`: rewrites rules/types/scrutiny.d.lua (the LuaLS annotations) from the binding tables
# after a change to what rules see; tests/cli/authoring.sh fails while the two differ.
api: $(CLI)
	$(CLI) --dump-api > $(BUILD)/scrutiny.d.lua && mv $(BUILD)/scrutiny.d.lua rules/types/scrutiny.d.lua

# `make golden`: rewrites tests/data/golden (the --dump of every minutes fixture and example) after an
# intended parser change; review `git diff tests/data/golden` before committing.
golden: all
	@GOLDEN_UPDATE=1 SCRUTINY=$(CLI) sh tests/cli/golden.sh

demo:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	$(CLI) --config examples/scrutiny.yaml; test $$? -le 1

# `make bench`: generated minutes (tests/bench/gen.py, BENCH_ITEMS=10000 by default) through the
# loader, a no-op rule, the standard pack and a Python `re` script, side by side; then scorecards.
bench:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@command -v python3 > /dev/null || sh .ci/deps.sh python3
	@python3 tests/bench/bench.py --build $(BUILD)
	@sh tests/bench_scorecard.sh $(BUILD)

# `make eval`: the standard pack scored against hand-labelled real minutes in $(SHARED)/realdev
# (precision and recall per family, the parse table) and the checks on $(SHARED)/seeds; fails
# below the floors in tests/eval/floors.txt. Not part of `make test`: a clone has no ../shared.
SHARED ?= ../shared
eval:
	@if [ ! -d "$(SHARED)/realdev" ] && [ ! -d "$(SHARED)/seeds" ]; then \
	    echo "eval: $(SHARED)/realdev not found: nothing to measure"; exit 0; fi; \
	$(MAKE) --no-print-directory deps && $(MAKE) --no-print-directory all || exit 1; \
	command -v python3 > /dev/null || sh .ci/deps.sh python3 || exit 1; \
	SCRUTINY=$(CLI) SHARED=$(SHARED) sh tests/shared/seeds.sh > $(BUILD)/seeds.log 2>&1; \
	if grep -q '^not ok' $(BUILD)/seeds.log; then cat $(BUILD)/seeds.log; exit 1; fi; \
	echo "seeds: $$(grep -c '^ok' $(BUILD)/seeds.log) checks passed ($(SHARED)/seeds)"; \
	if [ -d "$(SHARED)/realdev" ]; then python3 tests/eval/score.py --scrutiny $(CLI) \
	    --realdev $(SHARED)/realdev --rules rules --floors tests/eval/floors.txt $(EVAL_ARGS); \
	else echo "eval: $(SHARED)/realdev not found: nothing to measure"; fi

# ASan + UBSan build of the whole suite, in its own build folder.
asan:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" all build-asan/tests-built
	@SC_TEST_DEADLINE=5 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 sh tests/run.sh build-asan

build-asan/tests-built: $(UNIT_BIN)
	@touch $@

valgrind:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@SC_TEST_DEADLINE=30 VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" sh tests/run.sh $(BUILD)

# libFuzzer harnesses (clang): each runs FUZZ_SECONDS from the committed inputs as seeds; new
# corpus entries and crash files stay in build/fuzz. FUZZ_RUNS=N instead runs N inputs from the
# fixed FUZZ_SEED: the same inputs on every machine, so CI checks what was checked before commit
# while open-ended (time-boxed, random) fuzzing stays a job for sessions.
FUZZ_SECONDS ?= 30
FUZZ_SEED ?= 1
FUZZ_LIMIT = $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS) -seed=$(FUZZ_SEED) -reload=0,-max_total_time=$(FUZZ_SECONDS))
# Coverage of the same fixed runs differed between runs with address randomisation on and was
# identical with it off (fuzz_minutes, 30,000 runs: three tries gave three coverages, two tries
# without randomisation one), so the fixed runs switch it off.
FUZZ_EXEC = $(if $(FUZZ_RUNS),$(shell setarch $$(uname -m) -R true 2>/dev/null && echo setarch $$(uname -m) -R))
FUZZ_WHAT = $(if $(FUZZ_RUNS),$(FUZZ_RUNS) runs from seed $(FUZZ_SEED),$(FUZZ_SECONDS) s)
FUZZ_CC ?= clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_util.h $(LIB_SRC) $(BUILD)/gen/std_catalogue.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc $(PKG_CFLAGS) \
	    -o $@ $< $(LIB_SRC) $(BUILD)/gen/std_catalogue.c $(SC_LDLIBS)
# The HTML harness builds the moderngov-html plugin's source in, with libxml2.
$(BUILD)/fuzz/fuzz_html: tests/fuzz/fuzz_html.c tests/fuzz/fuzz_util.h plugins/moderngov-html/moderngov_html.c $(LIB_SRC) $(BUILD)/gen/std_catalogue.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc $(PKG_CFLAGS) \
	    $(shell $(PKG_CONFIG) --cflags libxml-2.0) -o $@ $< plugins/moderngov-html/moderngov_html.c $(LIB_SRC) \
	    $(BUILD)/gen/std_catalogue.c $(SC_LDLIBS) $(shell $(PKG_CONFIG) --libs libxml-2.0)
fuzz:
	@$(MAKE) --no-print-directory deps
	@sh .ci/deps.sh clang libclang-rt-14-dev
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
	    n=$$(basename $$f); mkdir -p $(BUILD)/fuzz/corpus-$$n $(BUILD)/fuzz/crash-$$n; \
	    echo "== $$n ($(FUZZ_WHAT))"; rm -rf $(if $(FUZZ_RUNS),$(BUILD)/fuzz/corpus-$$n/*); \
	    $(FUZZ_EXEC) $$f $(FUZZ_LIMIT) -max_len=65536 -artifact_prefix=$(BUILD)/fuzz/crash-$$n/ \
	        $(BUILD)/fuzz/corpus-$$n $$(cat tests/fuzz/$$n.seeds) > $(BUILD)/fuzz/$$n.log 2>&1; rc=$$?; \
	    tail -3 $(BUILD)/fuzz/$$n.log; [ $$rc -eq 0 ] || { echo "$$n failed: see $(BUILD)/fuzz/$$n.log"; exit 1; }; \
	done

# The standard rule pack as installed (its fixtures under rules/tests stay in the tree).
RULE_PACK := $(sort $(wildcard rules/*.lua rules/*.yaml rules/README.md rules/lib/*.lua rules/types/*.lua))
MANIFEST = $(DATADIR)/scrutiny/installed-files

# The installed scrutiny-run is linked here, so that the folders of this install are the ones baked
# in: after `make`, `make install PREFIX=/usr` looks for /usr's plugins and rule pack, not
# /usr/local's. What install writes under lib/scrutiny and share/scrutiny is listed in
# $(MANIFEST), and uninstall removes those files only (a third party's plugin or rule stays).
install: all
	@mkdir -p $(BUILD)/install
	$(CC) $(SC_CFLAGS) $(CFLAGS) -c src/cli/main.c -o $(BUILD)/install/main.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $(BUILD)/install/scrutiny-run $(BUILD)/install/main.o \
	    $(filter-out $(BUILD)/src/cli/main.o,$(CLI_OBJ)) $(LIB_A) $(SC_LDLIBS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BUILD)/install/scrutiny-run $(DESTDIR)$(BINDIR)/scrutiny-run
	install -m 644 $(LIB_A) $(DESTDIR)$(LIBDIR)/libscrutiny.a
	install -m 755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/libscrutiny.so.0
	ln -sf libscrutiny.so.0 $(DESTDIR)$(LIBDIR)/libscrutiny.so
	install -m 644 include/scrutiny.h include/scrutiny_plugin.h $(DESTDIR)$(INCDIR)/
	install -m 644 man/scrutiny-run.1 $(DESTDIR)$(MANDIR)/man1/scrutiny-run.1
	install -d $(DESTDIR)$(LIBDIR)/scrutiny/plugins $(addprefix $(DESTDIR)$(DATADIR)/scrutiny/,$(sort $(dir $(RULE_PACK))))
	install -m 755 $(PLUGINS) $(DESTDIR)$(LIBDIR)/scrutiny/plugins/
	for f in $(RULE_PACK); do install -m 644 "$$f" "$(DESTDIR)$(DATADIR)/scrutiny/$$f" || exit 1; done
	{ for f in $(notdir $(PLUGINS)); do echo "$(LIBDIR)/scrutiny/plugins/$$f"; done; \
	  for f in $(RULE_PACK); do echo "$(DATADIR)/scrutiny/$$f"; done; } > $(DESTDIR)$(MANIFEST)
	printf 'prefix=%s\nlibdir=%s\nincludedir=%s\n\nName: scrutiny\nDescription: Review of council scrutiny minutes with Lua rules\nVersion: %s\nRequires.private: %s\nLibs: -L$${libdir} -lscrutiny\nLibs.private: -lstemmer -lm -ldl\nCflags: -I$${includedir}\n' \
	    '$(PREFIX)' '$(LIBDIR)' '$(INCDIR)' '$(VERSION)' '$(PKGS)' > $(DESTDIR)$(LIBDIR)/pkgconfig/scrutiny.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/scrutiny-run $(DESTDIR)$(LIBDIR)/libscrutiny.a \
	    $(DESTDIR)$(LIBDIR)/libscrutiny.so $(DESTDIR)$(LIBDIR)/libscrutiny.so.0 \
	    $(DESTDIR)$(INCDIR)/scrutiny.h $(DESTDIR)$(INCDIR)/scrutiny_plugin.h $(DESTDIR)$(LIBDIR)/pkgconfig/scrutiny.pc \
	    $(DESTDIR)$(MANDIR)/man1/scrutiny-run.1
	if [ -f "$(DESTDIR)$(MANIFEST)" ]; then \
	    while IFS= read -r f; do rm -f "$(DESTDIR)$$f"; done < "$(DESTDIR)$(MANIFEST)"; rm -f "$(DESTDIR)$(MANIFEST)"; fi
	for d in $(addprefix $(DESTDIR)$(DATADIR)/scrutiny/,$(filter-out rules/,$(sort $(dir $(RULE_PACK)))) rules/) $(DESTDIR)$(DATADIR)/scrutiny \
	    $(DESTDIR)$(LIBDIR)/scrutiny/plugins $(DESTDIR)$(LIBDIR)/scrutiny; do rmdir "$$d" 2>/dev/null || true; done

clean:
	rm -rf build build-asan $(PLUGINS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
