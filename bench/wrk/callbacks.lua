-- Posts pre-signed encrypted WeCom app callbacks, each wrk thread cycling through its own file
-- (payloads-<n>.txt, "query<TAB>body" per line, written by org.sunlight.bench.CallbackPayloads).
-- Usage: wrk -t2 -c32 -d10s -s callbacks.lua http://127.0.0.1:PORT -- /dir/with/payloads
local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("id", #threads)
end

function init(args)
    queries = {}
    bodies = {}
    for line in io.lines(args[1] .. "/payloads-" .. id .. ".txt") do
        local tab = line:find("\t", 1, true)
        queries[#queries + 1] = line:sub(1, tab - 1)
        bodies[#bodies + 1] = line:sub(tab + 1)
    end
    index = 0
    wrapped = 0
end

function request()
    index = index + 1
    if index > #queries then
        index = 1
        wrapped = wrapped + 1
    end
    return wrk.format("POST", "/wecom/app/callback?" .. queries[index], {["Content-Type"] = "text/xml"},
        bodies[index])
end
