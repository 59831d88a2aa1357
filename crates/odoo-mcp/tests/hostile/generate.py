#!/usr/bin/env python3
"""Regenerates catalogue.jsonl: the hostile-input catalogue run by tests/it/hostile.rs.

Run from this directory: `python3 generate.py > catalogue.jsonl`. Each line is one entry:
  id, class, writes (whether writes must be enabled for the attack to reach its target),
  expect: "tool_error" | "protocol_error" | "ok" | "no_reply" (with writes disabled, an entry
  with writes = true may also be refused as "tool not found" or by a tool error),
  and either tool + arguments, or raw (one JSON-RPC message as sent on the wire);
  optional: mentions (words the answer must contain), note (why the expectation is what it is),
  also (other outcomes as clean as expect where transports differ).
The runner's configuration denies sale.order.line (a model of the user's `denied_models`) and
allows no model list, writes on or off; see `serve` in tests/it/hostile.rs.
Expansions the runner performs (so the file stays small):
  {"$repeat": s, "times": n}            -> the string s repeated n times (inside arguments)
  {"$nest": n, "open": o, "close": c, "inner": s} -> o*n + s + c*n (inside arguments)
  raw {"$nest": n, "prefix": p, "open": o, "close": c, "suffix": q} -> p + o*n + c*n + q
"""
import json

entries = []


def add(id_, cls, expect, tool=None, arguments=None, raw=None, writes=False, mentions=None, note=None, also=None):
    e = {"id": id_, "class": cls, "writes": writes, "expect": expect}
    if also:
        e["also"] = also
    if note:
        e["note"] = note
    if raw is not None:
        e["raw"] = raw
    else:
        e["tool"] = tool
        e["arguments"] = arguments
    if mentions:
        e["mentions"] = mentions
    entries.append(e)


def rep(s, n):
    return {"$repeat": s, "times": n}


def nest(n, o, c, inner=""):
    return {"$nest": n, "open": o, "close": c, "inner": inner}


# 1. deep nesting in domain strings and JSON domains
for n in (200, 1000, 5000, 20000):
    add(f"deep-text-bracket-{n}", "deep-nesting", "tool_error", "search_records",
        {"model": "res.partner", "domain": nest(n, "[", "]")})
    add(f"deep-text-paren-{n}", "deep-nesting", "tool_error", "count_records",
        {"model": "res.partner", "domain": nest(n, "(", ")")})
add("deep-text-mixed-5000", "deep-nesting", "tool_error", "search_records",
    {"model": "res.partner", "domain": nest(2500, "[(", ")]")})
add("deep-text-in-name-search", "deep-nesting", "tool_error", "name_search",
    {"model": "res.partner", "name": "a", "domain": nest(5000, "[", "]")})
add("deep-text-in-aggregate", "deep-nesting", "tool_error", "aggregate_records",
    {"model": "res.partner", "group_by": ["country_id"], "domain": nest(5000, "(", ")")})
add("deep-text-unclosed-10000", "deep-nesting", "tool_error", "count_records",
    {"model": "res.partner", "domain": rep("[", 10000)})
for n in (1000, 100000):
    add(f"deep-json-array-domain-{n}", "deep-nesting", "protocol_error", raw={
        "$nest": n,
        "prefix": '{"jsonrpc":"2.0","id":"deep","method":"tools/call","params":{"name":"search_records","arguments":{"model":"res.partner","domain":',
        "open": "[", "close": "]", "suffix": "}}}"})
    add(f"deep-json-object-values-{n}", "deep-nesting", "protocol_error", raw={
        "$nest": n,
        "prefix": '{"jsonrpc":"2.0","id":"deep","method":"tools/call","params":{"name":"create_records","arguments":{"model":"res.partner","records":',
        "open": '{"a":', "close": "}", "suffix": "}}}"})
add("deep-json-ids-100000", "deep-nesting", "protocol_error", raw={
    "$nest": 100000,
    "prefix": '{"jsonrpc":"2.0","id":"deep","method":"tools/call","params":{"name":"read_records","arguments":{"model":"res.partner","ids":',
    "open": "[", "close": "]", "suffix": "}}}"})
# A nested domain within JSON's limits but past any sensible one.
deep = ["name", "=", "x"]
for _ in range(100):
    deep = ["!", deep] if False else deep
# Corrected: 60 nested `any` are ~125 JSON levels, past the stdio line check's 64 but within
# serde_json's 128 over HTTP, so the answer differed by transport. 20 (45 levels) reaches the
# domain parser's `any` depth limit everywhere; 100 (205 levels) is a parse error everywhere.
def nested_any(n):
    d = ["name", "=", "x"]
    for _ in range(n):
        d = ["child_ids", "any", [d]]
    return [d]
add("deep-any-20", "deep-nesting", "tool_error", "count_records",
    {"model": "res.partner", "domain": nested_any(20)})
add("deep-any-100", "deep-nesting", "protocol_error", raw={
    "$nest": 100,
    "prefix": '{"jsonrpc":"2.0","id":"deep-any","method":"tools/call","params":{"name":"count_records","arguments":{"model":"res.partner","domain":[',
    "open": '["child_ids","any",[', "close": "]]", "suffix": "]}}}"})
add("deep-not-3000", "deep-nesting", "tool_error", "count_records",
    {"model": "res.partner", "domain": {"$repeat": "", "times": 0}})
entries.pop()  # placeholder removed; the next one is the real long prefix domain
add("long-prefix-domain-5000", "huge-value", "tool_error", "count_records",
    {"model": "res.partner", "domain": ["|"] * 4999 + [["id", "=", i] for i in range(5000)]})

# 2. oracles on secret fields and denied models
secret_leaves = [
    ("sale.order", "access_token", "=like", "a%"),
    ("sale.order", "access_token", "!=", False),
    ("sale.order", "access_token", "ilike", "0"),
    ("account.move", "access_token", "=like", "%"),
    ("res.users", "password", "=", "admin"),
    ("res.users", "api_key_ids.name", "!=", False),
    ("res.users", "api_key_ids.key", "=like", "a%"),
    ("res.users", "totp_secret", "!=", False),
    ("res.users", "signup_token", "!=", False),
    ("res.partner", "signup_token", "!=", False),
    ("res.partner", "user_ids.password", "=like", "a%"),
    ("res.partner", "sale_order_ids.access_token", "=like", "a%"),
    ("res.partner", "user_ids.api_key_ids.name", "!=", False),
    ("account.move", "attachment_ids.description", "=like", "a%"),
    ("account.move", "attachment_ids.datas", "!=", False),
    ("sale.order", "partner_id.user_ids.password", "!=", False),
    ("sale.order", "order_line.order_id.access_token", "=like", "a%"),
    ("crm.lead", "partner_id.sale_order_ids.access_token", "!=", False),
    ("res.partner", "message_ids.attachment_ids.name", "!=", False),
    ("res.users", "partner_id.signup_token", "!=", False),
]
for tool in ("count_records", "search_records"):
    for i, (model, path, op, val) in enumerate(secret_leaves):
        add(f"oracle-{tool}-{i:02}-{model}-{path}", "secret-oracle", "tool_error", tool,
            {"model": model, "domain": [[path, op, val]]})
for i, (model, path, op, val) in enumerate(secret_leaves[:10]):
    add(f"oracle-text-{i:02}-{model}-{path}", "secret-oracle", "tool_error", "count_records",
        {"model": model, "domain": f"[('{path}', '{op}', {json.dumps(val) if val is not False else 'False'})]"})
    add(f"oracle-name-search-{i:02}", "secret-oracle", "tool_error", "name_search",
        {"model": model, "name": "a", "domain": [[path, op, val]]})
any_cases = [
    ("account.move", [["attachment_ids", "any", [["description", "=like", "a%"]]]]),
    ("res.users", [["api_key_ids", "any", [["name", "!=", False]]]]),
    ("res.partner", [["sale_order_ids", "any", [["access_token", "=like", "a%"]]]]),
    ("res.partner", [["user_ids", "not any", [["password", "=", "admin"]]]]),
    ("res.partner", [["child_ids", "any", [["sale_order_ids", "any", [["access_token", "!=", False]]]]]]),
    ("res.partner", ["|", ["name", "=", "x"], ["sale_order_ids.access_token", "!=", False]]),
    ("res.partner", ["!", ["user_ids.password", "=", False]]),
    ("sale.order", ["&", ["id", ">", 0], ["partner_id", "any", [["signup_token", "!=", False]]]]),
]
for i, (model, dom) in enumerate(any_cases):
    add(f"oracle-any-{i:02}-{model}", "secret-oracle", "tool_error", "count_records",
        {"model": model, "domain": dom})
orders = [("sale.order", "access_token desc"), ("sale.order", "access_token"),
          ("res.users", "password desc"), ("res.partner", "signup_token asc"),
          ("res.partner", "name, sale_order_ids.access_token"),
          ("sale.order", "partner_id.user_ids.password"),
          ("account.move", "attachment_ids.description"),
          ("res.users", "totp_secret desc, id")]
for i, (model, order) in enumerate(orders):
    add(f"order-secret-{i:02}-{model}", "secret-oracle", "tool_error", "search_records",
        {"model": model, "order": order, "fields": ["id"]})
for i, (model, gb, agg) in enumerate([
        ("sale.order", ["access_token"], None),
        ("res.users", ["password"], None),
        ("res.users", ["login"], ["password:max"]),
        ("sale.order", ["partner_id"], ["access_token:max"]),
        ("sale.order", ["partner_id"], ["access_token:count_distinct"]),
        ("res.partner", ["signup_token"], None),
        ("account.move", ["attachment_ids"], None),
        ("sale.order", ["partner_id.user_ids"], None)]):
    args = {"model": model, "group_by": gb}
    if agg:
        args["aggregates"] = agg
    add(f"aggregate-secret-{i:02}-{model}", "secret-oracle", "tool_error", "aggregate_records", args)
add("aggregate-order-secret", "secret-oracle", "tool_error", "aggregate_records",
    {"model": "res.users", "group_by": ["login"], "order": "password desc"})
# secret fields asked for directly
for i, (model, fields) in enumerate([
        ("res.users", ["password"]), ("res.users", ["api_key_ids"]), ("sale.order", ["access_token"])]):
    # Corrected: asking only for withheld fields is refused naming them (neither the secret nor
    # every other field comes back), which is the safe, clear answer issue 10 asks for.
    add(f"fields-secret-{i:02}-{model}", "secret-oracle", "tool_error", "search_records",
        {"model": model, "fields": fields, "limit": 2}, mentions=["withheld"],
        note="only withheld fields asked for: refused, naming them")
for i, (model, fields) in enumerate([
        ("res.users", ["totp_secret", "signup_token"]), ("res.partner", ["signup_token"])]):
    add(f"fields-secret-{i + 3:02}-{model}", "secret-oracle", "tool_error", "search_records",
        {"model": model, "fields": fields, "limit": 2})

# denied models, reached directly, by look-alike names or by dotted paths
denied = ["ir.config_parameter", "res.users.apikeys", "ir.attachment", "ir.rule", "ir.cron",
          "auth_totp.device", "auth_oauth.provider", "auth.totp.device", "ir.actions.server",
          "ir.mail_server", "payment.provider", "ir.module.module", "base.automation",
          "ir.model.access", "res.users.identitycheck"]
for m in denied:
    add(f"denied-search-{m}", "denied-model-path", "tool_error", "search_records", {"model": m})
    add(f"denied-describe-{m}", "denied-model-path", "tool_error", "describe_model", {"model": m})
for m in ["IR.CONFIG_PARAMETER", "ir.config_parameter ", " ir.config_parameter", "ir..config_parameter",
          "ir.config_parameter\u0000", "ir.config_parameter/../res.partner", "ir%2Econfig_parameter",
          "res.users.apikeys.description", "res.users.apikeys.show", "ir.config_parameter?x=1"]:
    add(f"denied-variant-{m.encode('unicode_escape').decode()}", "path-trick", "tool_error",
        "count_records", {"model": m})
# Corrected: 00 went through sale.order (allowed in the run) to a plain field; it now goes one
# hop further, into sale.order.line, which the run's configuration denies. 01 (res.users.login)
# is a readable, non-secret field of an allowed model: counting partners by it is allowed; ordering
# by it passes the policy too, and Odoo itself refuses it (an order cannot name an x2many:
# `_order_field_to_sql` -> `Field.to_sql`), which the answer must show.
for i, (model, path, expect) in enumerate([
        ("res.partner", "sale_order_ids.order_line.price_unit", "tool_error"),
        ("res.partner", "user_ids.login", "ok"),
        ("account.move", "attachment_ids.name", "tool_error"), ("res.users", "api_key_ids.scope", "tool_error"),
        ("res.partner", "message_ids.attachment_ids.mimetype", "tool_error")]):
    note = "login is neither secret nor on a denied model" if expect == "ok" else None
    add(f"denied-dotted-{i:02}-{model}", "denied-model-path", expect, "count_records",
        {"model": model, "domain": [[path, "!=", False]]}, note=note)
    if expect == "ok":
        add(f"denied-dotted-order-{i:02}-{model}", "denied-model-path", "tool_error", "search_records",
            {"model": model, "order": path, "fields": ["id"]},
            mentions=["Cannot convert res.partner.user_ids to SQL"],
            note="the policy lets it through; Odoo cannot order by an x2many")
    else:
        add(f"denied-dotted-order-{i:02}-{model}", "denied-model-path", expect, "search_records",
            {"model": model, "order": path, "fields": ["id"]}, note=note)

# unicode look-alikes
for i, m in enumerate(["res.us\u0435rs", "r\u0435s.partner", "ir.c\u043enfig_parameter",
                       "res.users\u200b", "res\uff0eusers", "\u0456r.attachment", "res.users\u202e",
                       "ir.config_paramete\u0433"]):
    add(f"lookalike-model-{i:02}", "unicode-lookalike", "tool_error", "search_records", {"model": m})
for i, f in enumerate(["p\u0430ssword", "access_t\u043eken", "password\u200b", "\uff50assword"]):
    add(f"lookalike-field-{i:02}", "unicode-lookalike", "tool_error", "search_records",
        {"model": "res.users", "fields": [f]})

# injection in every string argument
inj = ["' OR 1=1 --", "\"; DROP TABLE res_users; --", "__import__('os').system('id')",
       "${jndi:ldap://x}", "../../../../etc/passwd", "res.partner\nres.users", "\u0000",
       "<script>alert(1)</script>", "%s%s%s%n", "{{7*7}}"]
for i, s in enumerate(inj):
    add(f"inject-model-{i:02}", "injection", "tool_error", "search_records", {"model": s})
    add(f"inject-field-{i:02}", "injection", "tool_error", "search_records",
        {"model": "res.partner", "fields": [s]})
    add(f"inject-order-{i:02}", "injection", "tool_error", "search_records",
        {"model": "res.partner", "order": s})
    add(f"inject-domain-field-{i:02}", "injection", "tool_error", "count_records",
        {"model": "res.partner", "domain": [[s, "=", 1]]})
    add(f"inject-domain-op-{i:02}", "injection", "tool_error", "count_records",
        {"model": "res.partner", "domain": [["name", s, 1]]})
    add(f"inject-name-search-{i:02}", "injection", "ok", "name_search",
        {"model": "res.partner", "name": s})
    add(f"inject-method-{i:02}", "method-trick", "tool_error", "call_method",
        {"model": "sale.order", "method": s, "ids": [1]}, writes=True)
    add(f"inject-instance-{i:02}", "injection", "tool_error", "count_records",
        {"model": "res.partner", "instance": s})
    add(f"inject-group-by-{i:02}", "injection", "tool_error", "aggregate_records",
        {"model": "res.partner", "group_by": [s]})
for s in inj[:5]:
    add(f"inject-domain-text-{inj.index(s):02}", "injection", "tool_error", "count_records",
        {"model": "res.partner", "domain": s})
    add(f"inject-value-{inj.index(s):02}", "injection", "ok", "count_records",
        {"model": "res.partner", "domain": [["name", "=", s]]})
    add(f"inject-keyword-{inj.index(s):02}", "injection", "ok", "list_models", {"keyword": s})

# wrong types and huge values
wrong = [
    ("search_records", {"model": 42}), ("search_records", {"model": None}),
    ("search_records", {"model": ["res.partner"]}), ("search_records", {"model": {"a": 1}}),
    ("search_records", {"model": "res.partner", "limit": -1}),
    ("search_records", {"model": "res.partner", "limit": 1e300}),
    ("search_records", {"model": "res.partner", "limit": 18446744073709551616}),
    ("search_records", {"model": "res.partner", "offset": -5}),
    ("search_records", {"model": "res.partner", "offset": 9223372036854775807}),
    ("search_records", {"model": "res.partner", "limit": "NaN"}),
    ("search_records", {"model": "res.partner", "limit": True}),
    ("search_records", {"model": "res.partner", "fields": 5}),
    ("search_records", {"model": "res.partner", "domain": 5}),
    ("search_records", {"model": "res.partner", "domain": {"name": "x"}}),
    ("search_records", {"model": "res.partner", "domain": [["name"]]}),
    ("search_records", {"model": "res.partner", "domain": [[1, 2, 3]]}),
    ("search_records", {"model": "res.partner", "domain": ["&"]}),
    ("search_records", {"model": "res.partner", "unknown_argument": 1}),
    ("read_records", {"model": "res.partner", "ids": [-1]}),
    ("read_records", {"model": "res.partner", "ids": [1.5]}),
    ("read_records", {"model": "res.partner", "ids": [1e20]}),
    ("read_records", {"model": "res.partner", "ids": ["1; DROP"]}),
    ("read_records", {"model": "res.partner", "ids": [None]}),
    ("read_records", {"model": "res.partner", "ids": list(range(1, 10001))}),
    ("read_records", {"model": "res.partner", "ids": 9223372036854775807}),
    ("read_records", {"model": "res.partner", "ids": "-3"}),
    ("count_records", {"model": "res.partner", "domain": [["id", "in", list(range(20000))]]}),
    ("check_access", {"model": "res.partner", "operation": "drop"}),
    ("check_access", {"model": "res.partner", "operation": "read", "ids": [-1, 0]}),
    ("list_models", {"limit": -1}),
    ("describe_model", {"model": "res.partner", "include_readonly": "yes please"}),
    ("aggregate_records", {"model": "res.partner", "group_by": "create_date:century"}),
    ("aggregate_records", {"model": "res.partner", "group_by": [], "aggregates": ["id:eval"]}),
]
# Corrected: a long `in` list of ids is an ordinary domain (Odoo takes it; the body cap bounds it).
allowed_wrong = {26: "a long id list in a domain is legitimate and bounded by max_body_bytes"}
for i, (tool, args) in enumerate(wrong):
    add(f"wrong-type-{i:02}-{tool}", "wrong-type", "ok" if i in allowed_wrong else "tool_error",
        tool, args, note=allowed_wrong.get(i))
# Corrected: 10 MB messages are past max_body_bytes (4 MiB): refused before any tool runs,
# with a JSON-RPC error naming the cap (stdio) or 413 (HTTP), never parsed.
big = "larger than 4194304 bytes, refused unread (max_body_bytes)"
add("huge-model-10mb", "huge-value", "protocol_error", "search_records", {"model": rep("a", 10_000_000)}, note=big)
add("huge-domain-value-10mb", "huge-value", "protocol_error", "count_records",
    {"model": "res.partner", "domain": [["name", "=", rep("x", 10_000_000)]]}, note=big)
# Corrected: a 1 MB search text is under max_body_bytes (the 10 MB entries show the cap) and
# matches nothing; refusing it would protect nothing.
add("huge-name-search-1mb", "huge-value", "ok", "name_search",
    {"model": "res.partner", "name": rep("y", 1_000_000)},
    note="under the body cap; a plain search that finds nothing")
add("huge-order-1mb", "huge-value", "tool_error", "search_records",
    {"model": "res.partner", "order": rep("name,", 200_000)})
# Corrected: one field named 100000 times is one field; unknown or withheld names are refused.
add("huge-fields-list", "huge-value", "ok", "search_records",
    {"model": "res.partner", "fields": rep("name,", 100_000)},
    note="repeated names collapse to one field")
add("huge-create-value-10mb", "huge-value", "protocol_error", "create_records",
    {"model": "res.partner", "records": [{"name": rep("z", 10_000_000)}]}, writes=True, note=big)
add("nul-in-domain-value", "injection", "ok", "count_records",
    {"model": "res.partner", "domain": [["name", "=", "a\u0000b"]]})
add("nul-in-model", "injection", "tool_error", "count_records", {"model": "res.\u0000partner"})
add("limit-zero", "huge-value", "ok", "search_records", {"model": "res.partner", "limit": 0, "fields": ["id"]})
add("limit-huge", "huge-value", "tool_error", "search_records", {"model": "res.partner", "limit": 4294967296, "fields": ["id"]})

# nested x2many commands
nested = [
    ("res.partner", [1], {"user_ids": [[1, 2, {"group_ids": [[4, 2]]}]]}),
    ("res.partner", [1], {"user_ids": [[1, 2, {"groups_id": [[4, 1]]}]]}),
    ("res.partner", [1], {"user_ids": [[0, 0, {"login": "evil", "password": "x", "group_ids": [[4, 2]]}]]}),
    ("res.partner", [1], {"user_ids": [[2, 2]]}),
    ("res.partner", [1], {"user_ids": [[3, 2]]}),
    ("res.partner", [1], {"user_ids": [[5]]}),
    ("res.partner", [1], {"user_ids": [[6, 0, []]]}),
    ("res.partner", [1], {"sale_order_ids": [[1, 1, {"access_token": "stolen"}]]}),
    ("res.partner", [1], {"sale_order_ids": [[2, 1]]}),
    ("res.partner", [1], {"sale_order_ids": [[5, 0, 0]]}),
    ("res.partner", [1], {"child_ids": [[1, 2, {"user_ids": [[1, 2, {"password": "p"}]]}]]}),
    ("res.partner", [1], {"child_ids": [[0, 0, {"name": "c", "user_ids": [[0, 0, {"login": "x2"}]]}]]}),
    ("res.partner", [1], {"category_id": [[0, 0, {"name": "t"}]] * 300}),
    ("res.partner", [1], {"child_ids": [[0, 0, {"name": f"c{i}"}] for i in range(300)]}),
    ("res.partner", [1], {"user_ids": [[4, 2]]}),
    ("res.partner", [1], {"company_id": {"id": 1, "name": "x"}, "user_ids": [[1, 2, {"login": "root"}]]}),
    ("sale.order", [1], {"order_line": [[1, 1, {"order_id": 2}]], "access_token": "x"}),
    ("sale.order", [1], {"partner_id": 1, "message_attachment_count": 5, "attachment_ids": [[0, 0, {"name": "a"}]]}),
    ("account.move", [1], {"attachment_ids": [[0, 0, {"name": "a", "datas": "QQ=="}]]}),
    ("account.move", [1], {"attachment_ids": [[2, 1]]}),
    ("res.partner", [1], {"user_ids": [["1", "2", {"group_ids": [["4", "2"]]}]]}),
    ("res.partner", [1], {"user_ids": [[1.0, 2.0, {"group_ids": [[4.0, 2.0]]}]]}),
    ("res.partner", [1], {"user_ids": [[7, 2]]}),
    ("res.partner", [1], {"user_ids": [[1]]}),
    ("res.partner", [1], {"company_id": 1, "user_ids": "[(2, 2)]"}),
    ("res.company", [1], {"name": "pwned"}),
    ("res.company", [1], {"user_ids": [[4, 2]]}),
    ("res.partner", [1], {"company_id": [[1, 1, {"name": "pwned"}]]}),
]
for i, (model, ids, values) in enumerate(nested):
    add(f"nested-update-{i:02}-{model}", "nested-command", "tool_error", "update_records",
        {"model": model, "ids": ids, "values": values}, writes=True)
for i, vals in enumerate([
        {"name": "p", "user_ids": [[0, 0, {"login": "evil2", "password": "x", "group_ids": [[4, 2]]}]]},
        {"name": "p", "sale_order_ids": [[0, 0, {"partner_id": 1, "access_token": "planted"}]]},
        {"name": "p", "child_ids": [[0, 0, {"name": f"k{i}"}] for i in range(300)]},
        {"name": "p", "user_ids": [[2, 2]]},
        {"name": "p", "user_ids": [[1, 2, {"password": "x"}]]},
        {"name": "p", "signup_token": "planted"}]):
    add(f"nested-create-{i:02}", "nested-command", "tool_error", "create_records",
        {"model": "res.partner", "records": [vals]}, writes=True)
add("create-301-records", "huge-value", "tool_error", "create_records",
    {"model": "res.partner", "records": [{"name": f"r{i}"} for i in range(301)]}, writes=True)
add("create-users-directly", "nested-command", "tool_error", "create_records",
    {"model": "res.users", "records": [{"login": "evil3", "name": "e"}]}, writes=True)
add("delete-admin", "nested-command", "tool_error", "delete_records",
    {"model": "res.users", "ids": [2]}, writes=True)
add("update-secret-direct", "secret-oracle", "tool_error", "update_records",
    {"model": "sale.order", "ids": [1], "values": {"access_token": "x"}}, writes=True)

# call_method tricks
calls = [
    ("sale.order", "read", [1], {"fields": ["access_token"]}),
    ("sale.order", "search_read", None, {"domain": [], "fields": ["access_token"]}),
    ("sale.order", "web_read", [1], {"specification": {"access_token": {}}}),
    ("sale.order", "read_group", None, {"domain": [], "fields": ["access_token"], "groupby": ["access_token"]}),
    ("sale.order", "formatted_read_group", None, {"domain": [], "groupby": ["access_token"]}),
    ("sale.order", "write", [1], {"vals": {"access_token": "x"}}),
    ("sale.order", "unlink", [1], None),
    ("sale.order", "copy", [1], None),
    ("sale.order", "export_data", [1], {"fields_to_export": ["access_token"]}),
    ("sale.order", "load", None, {"fields": ["name"], "data": [["x"]]}),
    ("sale.order", "action_confirm", [1], {"ids": [2, 3, 4, 5, 6, 7, 8]}),
    ("sale.order", "action_confirm", [1], {"context": {"active_test": False, "uid": 1}}),
    ("sale.order", "action_confirm", [1], {"self": [2]}),
    ("sale.order", "_action_confirm", [1], None),
    ("sale.order", "__init__", [1], None),
    ("sale.order", "sudo", [1], None),
    ("sale.order", "with_user", [1], {"user": 1}),
    ("sale.order", "action_confirm", list(range(1, 400)), None),
    ("res.users", "action_confirm", [2], None),
    ("ir.config_parameter", "get_param", None, {"key": "database.secret"}),
    ("res.users", "write", [2], {"vals": {"password": "x"}}),
    ("res.partner", "read", [1], {"fields": []}),
    ("crm.lead", "unlink", [1], None),
    ("crm.lead", "read", [1], {"fields": ["partner_id"]}),
    ("res.partner", "search_read", None, {"domain": [["user_ids.password", "!=", False]]}),
]
for i, (model, method, ids, kwargs) in enumerate(calls):
    args = {"model": model, "method": method}
    if ids is not None:
        args["ids"] = ids
    if kwargs is not None:
        args["kwargs"] = kwargs
    add(f"call-method-{i:02}-{model}-{method}", "method-trick", "tool_error", "call_method", args,
        writes=True)

# malformed JSON-RPC and oversized messages
I = '{"jsonrpc":"2.0","id":%s,"method":"tools/call","params":{"name":"count_records","arguments":{"model":"res.partner"}}}'
raws = [
    ("bad-json", "{", "protocol_error"),
    ("bad-json-trailing", '{"jsonrpc":"2.0","id":1,"method":"ping"} x', "protocol_error"),
    ("wrong-version", '{"jsonrpc":"1.0","id":7,"method":"tools/list"}', "protocol_error"),
    ("no-version", '{"id":8,"method":"tools/list"}', "protocol_error"),
    ("missing-id-call", '{"jsonrpc":"2.0","method":"tools/call","params":{"name":"count_records","arguments":{"model":"res.partner"}}}', "no_reply"),
    ("batch-array", "[" + (I % "9") + "," + (I % "10") + "]", "protocol_error"),
    ("empty-batch", "[]", "protocol_error"),
    ("huge-id-number", I % "1" + "0" * 400, "protocol_error"),
    ("huge-id-int", I % "18446744073709551616", "protocol_error"),
    ("huge-id-string", None, "ok"),
    ("float-id", I % "1.5", "protocol_error"),
    ("null-id", I % "null", "protocol_error"),
    ("object-id", I % '{"a":1}', "protocol_error"),
    ("unknown-method", '{"jsonrpc":"2.0","id":11,"method":"tools/destroy"}', "protocol_error"),
    ("params-array", '{"jsonrpc":"2.0","id":12,"method":"tools/call","params":["count_records"]}', "protocol_error"),
    ("params-string", '{"jsonrpc":"2.0","id":13,"method":"tools/call","params":"x"}', "protocol_error"),
    ("arguments-array", '{"jsonrpc":"2.0","id":14,"method":"tools/call","params":{"name":"count_records","arguments":["res.partner"]}}', "protocol_error"),
    ("unknown-tool", '{"jsonrpc":"2.0","id":15,"method":"tools/call","params":{"name":"drop_database","arguments":{}}}', "protocol_error"),
    ("tool-name-nul", '{"jsonrpc":"2.0","id":16,"method":"tools/call","params":{"name":"count_records\\u0000","arguments":{}}}', "protocol_error"),
    ("duplicate-keys", '{"jsonrpc":"2.0","id":17,"method":"tools/call","params":{"name":"count_records","arguments":{"model":"res.partner","model":"ir.config_parameter"}}}', "tool_error"),
    ("invalid-utf8-escape", '{"jsonrpc":"2.0","id":18,"method":"tools/call","params":{"name":"count_records","arguments":{"model":"\\ud800"}}}', "protocol_error"),
    ("reinitialize", '{"jsonrpc":"2.0","id":19,"method":"initialize","params":{"protocolVersion":"1900-01-01","capabilities":{},"clientInfo":{"name":"x","version":"1"}}}', "ok"),
    ("response-not-request", '{"jsonrpc":"2.0","id":20,"result":{}}', "no_reply"),
    ("notification-unknown", '{"jsonrpc":"2.0","method":"notifications/explode"}', "no_reply"),
    ("resource-read-denied", '{"jsonrpc":"2.0","id":21,"method":"resources/read","params":{"uri":"odoo://demo/ir.config_parameter/1"}}', "protocol_error"),
    ("resource-read-traversal", '{"jsonrpc":"2.0","id":22,"method":"resources/read","params":{"uri":"odoo://demo/../../etc/passwd"}}', "protocol_error"),
    ("resource-read-secret-model", '{"jsonrpc":"2.0","id":23,"method":"resources/read","params":{"uri":"odoo://demo/res.users.apikeys/fields"}}', "protocol_error"),
    ("complete-huge", '{"jsonrpc":"2.0","id":24,"method":"completion/complete","params":{"ref":{"type":"ref/resource","uri":"odoo://{instance}/models"},"argument":{"name":"instance","value":"' + "a" * 20000 + '"}}}', "ok"),
    ("prompt-injection-arg", '{"jsonrpc":"2.0","id":25,"method":"prompts/get","params":{"name":"explore_model","arguments":{"model":"ir.config_parameter"}}}', "ok"),
]
# A JSON-RPC response sent to the server is ignored on stdio and in sessions; a stateless
# HTTP server refuses it with -32600 ("does not accept JSON-RPC responses"): both are clean.
also = {"response-not-request": ["protocol_error"]}
for name, raw, expect in raws:
    if raw is None:
        raw = I % json.dumps("i" * 20000)
    add(f"jsonrpc-{name}", "malformed-jsonrpc", expect, raw=raw, also=also.get(name))
add("oversized-message-20mb", "oversized-json", "protocol_error", raw={
    "prefix": '{"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"count_records","arguments":{"model":"res.partner","pad":"',
    "$nest": 20_000_000, "open": "p", "close": "", "suffix": '"}}}'})

# 10. the tools and arguments added after the first catalogue: exports, attachments, context
add("export-secret-domain", "secret-oracle", "tool_error", "export_records",
    {"model": "sale.order", "domain": [["access_token", "=like", "a%"]]})
add("export-secret-order", "secret-oracle", "tool_error", "export_records",
    {"model": "sale.order", "order": "access_token desc"})
add("export-secret-fields-only", "secret-oracle", "tool_error", "export_records",
    {"model": "sale.order", "fields": ["access_token"]})
add("export-denied-dotted", "denied-model-path", "tool_error", "export_records",
    {"model": "res.users", "domain": [["api_key_ids.name", "!=", False]]})
add("export-denied-model", "denied-model-path", "tool_error", "export_records",
    {"model": "ir.config_parameter"})
add("export-bad-format", "wrong-type", "tool_error", "export_records",
    {"model": "res.partner", "format": "exe"})
add("attachment-negative-id", "wrong-type", "tool_error", "get_attachment", {"id": -1})
add("attachment-huge-id", "wrong-type", "tool_error", "get_attachment", {"id": 1e20})
add("attachment-id-string", "injection", "tool_error", "get_attachment", {"id": "1; DROP TABLE"})
add("upload-bad-base64", "wrong-type", "tool_error", "upload_attachment",
    {"model": "res.partner", "id": 1, "name": "a.txt", "data": "%%%not base64%%%"}, writes=True)
add("upload-path-name", "path-trick", "tool_error", "upload_attachment",
    {"model": "res.partner", "id": 1, "name": "../../etc/passwd\u0000", "data": "aGk="}, writes=True)
add("upload-denied-model", "denied-model-path", "tool_error", "upload_attachment",
    {"model": "ir.config_parameter", "id": 1, "name": "a.txt", "data": "aGk="}, writes=True)
add("context-company-string", "wrong-type", "tool_error", "count_records",
    {"model": "res.partner", "company_id": "abc"})
add("context-company-negative", "wrong-type", "tool_error", "count_records",
    {"model": "res.partner", "company_id": -5})
add("context-lang-huge", "huge-value", "tool_error", "count_records",
    {"model": "res.partner", "lang": rep("x", 100_000)})
add("context-tz-traversal", "path-trick", "tool_error", "search_records",
    {"model": "res.partner", "tz": "../../etc/passwd"})
add("context-lang-object", "wrong-type", "tool_error", "search_records",
    {"model": "res.partner", "lang": {"$ne": None}})

# 11. run_wizard: the button, the wizard and active models, the active ids and the wizard values
W = {"wizard": "crm.lead.lost", "action": "action_lost_reason_apply", "active_ids": [1]}
add("wizard-private-button", "method-trick", "tool_error", "run_wizard",
    {**W, "action": "_action_lost"}, writes=True, mentions=["private"])
add("wizard-injected-button", "injection", "tool_error", "run_wizard",
    {**W, "action": "' OR 1=1 --"}, writes=True)
add("wizard-denied-button", "method-trick", "tool_error", "run_wizard",
    {**W, "action": "sudo"}, writes=True)
add("wizard-denied-wizard", "denied-model-path", "tool_error", "run_wizard",
    {**W, "wizard": "change.password.wizard", "action": "change_password_button"}, writes=True)
add("wizard-denied-active-model", "denied-model-path", "tool_error", "run_wizard",
    {**W, "wizard": "x.wizard", "action": "action_apply", "active_model": "sale.order.line"},
    writes=True, mentions=["sale.order.line"])
add("wizard-regular-model-generic-method", "method-trick", "tool_error", "run_wizard",
    {**W, "wizard": "res.partner", "action": "unlink", "active_model": "res.partner"}, writes=True)
add("wizard-huge-active-id", "wrong-type", "tool_error", "run_wizard",
    {**W, "active_ids": [1e20]}, writes=True)
add("wizard-no-active-ids", "wrong-type", "tool_error", "run_wizard",
    {**W, "active_ids": []}, writes=True)
add("wizard-retarget-values", "path-trick", "tool_error", "run_wizard",
    {**W, "values": {"lead_ids": [[6, 0, [1, 2, 3]]]}}, writes=True, mentions=["active_ids"])
add("wizard-secret-value", "secret-oracle", "tool_error", "run_wizard",
    {**W, "values": {"password": "x"}}, writes=True)
add("wizard-values-not-object", "wrong-type", "tool_error", "run_wizard",
    {**W, "values": "lost_reason_id=1"}, writes=True)

# 12. the chatter tools: posts, activities
add("post-body-huge", "huge-value", "tool_error", "post_message",
    {"model": "res.partner", "id": 9, "body": rep("x", 100_000)}, writes=True)
add("post-body-control", "injection", "tool_error", "post_message",
    {"model": "res.partner", "id": 9, "body": "a\u0000b\u001b[2J"}, writes=True)
add("post-mentions-negative", "wrong-type", "tool_error", "post_message",
    {"model": "res.partner", "id": 9, "body": "x", "mentions": [-1]}, writes=True)
add("post-mentions-many", "huge-value", "tool_error", "post_message",
    {"model": "res.partner", "id": 9, "body": "x", "mentions": list(range(1, 5001))}, writes=True)
add("post-denied-model", "denied-model-path", "tool_error", "post_message",
    {"model": "ir.config_parameter", "id": 1, "body": "x"}, writes=True)
add("post-kind-bogus", "wrong-type", "tool_error", "post_message",
    {"model": "res.partner", "id": 9, "body": "x", "kind": {"$ne": None}}, writes=True)
add("activity-date-injection", "injection", "tool_error", "schedule_activity",
    {"model": "res.partner", "id": 9, "due_date": "2030-01-01'; DROP TABLE mail_activity; --"}, writes=True)
add("activity-type-huge", "huge-value", "tool_error", "schedule_activity",
    {"model": "res.partner", "id": 9, "due_date": "2030-01-01", "activity_type": rep("x", 100_000)}, writes=True)
add("activity-user-negative", "wrong-type", "tool_error", "schedule_activity",
    {"model": "res.partner", "id": 9, "due_date": "2030-01-01", "user_id": -3}, writes=True)
add("activity-denied-model", "denied-model-path", "tool_error", "schedule_activity",
    {"model": "sale.order.line", "id": 1, "due_date": "2030-01-01"}, writes=True)
add("complete-huge-id", "wrong-type", "tool_error", "complete_activity", {"id": 1e20}, writes=True)
add("complete-feedback-huge", "huge-value", "tool_error", "complete_activity",
    {"id": 1, "feedback": rep("y", 100_000)}, writes=True)
add("activities-half-record", "wrong-type", "tool_error", "list_activities", {"model": "res.partner"})
add("activities-denied-model", "denied-model-path", "tool_error", "list_activities",
    {"model": "sale.order.line", "id": 1})
add("activities-id-string", "injection", "tool_error", "list_activities",
    {"model": "res.partner", "id": "1 OR 1=1"})

# 13. get_report (a web-session route) and the dry run's onchange (a read Odoo runs for the preview)
add("report-denied-model", "denied-model-path", "tool_error", "get_report",
    {"model": "ir.config_parameter", "ids": [1]})
add("report-denied-line-model", "denied-model-path", "tool_error", "get_report",
    {"model": "sale.order.line", "ids": [1]})
add("report-path-name", "path-trick", "tool_error", "get_report",
    {"model": "sale.order", "ids": [1], "report": "../../web/database/manager"})
add("report-other-models-report", "method-trick", "tool_error", "get_report",
    {"model": "res.partner", "ids": [1], "report": "invoice"})
add("report-many-ids", "huge-value", "tool_error", "get_report",
    {"model": "sale.order", "ids": list(range(1, 5001))})
add("report-ids-string", "injection", "tool_error", "get_report",
    {"model": "sale.order", "ids": "1,2/../../x"})
add("dry-run-nested-denied-line", "denied-model-path", "tool_error", "create_records",
    {"model": "sale.order", "records": [{"partner_id": 1, "order_line": [[0, 0, {"product_id": 1}]]}],
     "dry_run": True}, writes=True, mentions=["sale.order.line"])
add("dry-run-secret-value", "secret-oracle", "tool_error", "update_records",
    {"model": "sale.order", "ids": [1], "values": {"access_token": "x"}, "dry_run": True}, writes=True)

# 14. the tasks methods and the multi-round-trip fields of tools/call: the catalogue's client
# declares no tasks extension, so tasks/* are refused as such or as unknown tasks; a forged or
# mistyped round never reaches a write.
T = '{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}'
task_raws = [
    ("get-forged", "tasks/get", '{"taskId":"123e4567-e89b-42d3-a456-426614174000"}'),
    ("get-huge-id", "tasks/get", json.dumps({"taskId": "t" * 100_000})),
    ("get-control-id", "tasks/get", json.dumps({"taskId": "id\u001b[2J\r\n"})),
    ("get-number-id", "tasks/get", '{"taskId":42}'),
    ("get-no-id", "tasks/get", "{}"),
    ("get-params-string", "tasks/get", '"x"'),
    ("cancel-forged", "tasks/cancel", '{"taskId":"123e4567-e89b-42d3-a456-426614174000"}'),
    ("update-forged", "tasks/update",
     '{"taskId":"123e4567-e89b-42d3-a456-426614174000","inputResponses":{"approval":{"action":"accept","content":{"approve":true}}}}'),
    ("update-responses-array", "tasks/update", '{"taskId":"x","inputResponses":[]}'),
    ("list", "tasks/list", "{}"),
    ("result", "tasks/result", '{"taskId":"123e4567-e89b-42d3-a456-426614174000"}'),
]
for n, (name, method, params) in enumerate(task_raws):
    add(f"tasks-{name}", "tasks", "protocol_error", raw=T % (300 + n, method, params))
D = '{"name":"delete_records","arguments":{"model":"res.partner","ids":[7]}'
accept = '"inputResponses":{"approval":{"action":"accept","content":{"approve":true}}}'
mrtr_raws = [
    ("forged-state", D + ',"requestState":"rs1.AAAAAAAAAAA.BBBBBBBBBBB",' + accept + "}", "tool_error"),
    ("huge-state", D + ',"requestState":"' + "A" * 100_000 + '",' + accept + "}", "tool_error"),
    ("token-as-state", D + ',"requestState":"v1.99999999999.AAAA",' + accept + "}", "tool_error"),
    ("state-number", D + ',"requestState":42,' + accept + "}", "protocol_error"),
    ("responses-string", D + ',"requestState":"rs1.A.B","inputResponses":"yes"}', "protocol_error"),
    ("answer-without-state", D + "," + accept + "}", "tool_error"),
]
for n, (name, params, expect) in enumerate(mrtr_raws):
    add(f"mrtr-{name}", "mrtr", expect, raw=T % (320 + n, "tools/call", params), writes=True)

ids = [e["id"] for e in entries]
assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
for e in entries:
    print(json.dumps(e, ensure_ascii=False))
