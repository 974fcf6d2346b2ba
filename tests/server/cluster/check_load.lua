-- wrk: one check per request, a new device id each; prints "OK n FAILED m".
--   wrk ... -s check_load.lua URL -- APP APP_KEY BASE_FINGERPRINT NONCE
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  app, key, base, nonce = args[1], args[2], args[3], args[4]
  n, ok, bad = 0, 0, 0
end
function request()
  n = n + 1
  local body = '{"device_id":"c' .. nonce .. "-" .. tid .. "-" .. n ..
               '","base_fingerprint":"' .. base .. '","os":"android","sdk":33}'
  return wrk.format("POST", "/v1/apps/" .. app .. "/check",
                    {["X-Suture-App-Key"] = key, ["Content-Type"] = "application/json"}, body)
end
function response(status)
  if status >= 200 and status < 300 then ok = ok + 1 else bad = bad + 1 end
end
function done()
  local o, b = 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); b = b + t:get("bad") end
  io.write(string.format("OK %d FAILED %d\n", o, b))
end
