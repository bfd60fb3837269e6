-- Wait for child, with a stale-verdict guard (argo-cd PR #29649).
-- A child Application's health only counts once Argo CD has compared the child against the
-- spec it has now and no sync operation is running; otherwise the parent could read the
-- previous revision's "Healthy" right after a change and start the next wave too early.
local function isEmpty(value)
  return value == nil or value == "" or (type(value) == "table" and next(value) == nil)
end

-- Deep comparison that treats missing, "" and {} alike (they vanish in Argo CD's JSON).
local function sameValue(a, b)
  if isEmpty(a) and isEmpty(b) then
    return true
  end
  if type(a) ~= "table" or type(b) ~= "table" then
    return a == b
  end
  for key, value in pairs(a) do
    if not sameValue(value, b[key]) then
      return false
    end
  end
  for key, value in pairs(b) do
    if a[key] == nil and not isEmpty(value) then
      return false
    end
  end
  return true
end

local hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status == nil or obj.status.health == nil then
  hs.message = "Waiting for the child's first health assessment"
  return hs
end

local operationState = obj.status.operationState
if obj.operation ~= nil or (operationState ~= nil and operationState.phase == "Running") then
  hs.message = "Waiting for the running sync operation to finish"
  return hs
end

local spec = obj.spec or {}
local comparedTo = (obj.status.sync or {}).comparedTo
if comparedTo == nil
    or not sameValue(spec.source, comparedTo.source)
    or not sameValue(spec.sources, comparedTo.sources)
    or not sameValue(spec.destination, comparedTo.destination) then
  hs.message = "Waiting for Argo CD to compare the child with its current spec"
  return hs
end

hs.status = obj.status.health.status
if obj.status.health.message ~= nil then
  hs.message = obj.status.health.message
end
return hs
