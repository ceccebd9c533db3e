-- Headless Neovim (Debian bookworm ships 0.7.2) as a real third-party LSP client for Standpoint.
--
-- usage:
--   LSP_CMD='["node","/abs/server.js","--stdio"]' LSP_FILE=path/to/record.md \
--   LSP_EXPECT='["promise-owner-required"]' \
--     nvim --headless --clean -u NONE -c 'luafile test/e2e/harness/nvim-lsp-check.lua' </dev/null
--
-- env:
--   LSP_CMD           JSON array: the server's argv (no shell, no splitting)                  [required]
--   LSP_FILE          file to open                                                           [required]
--   LSP_EXPECT        JSON array of diagnostic `code` values that must all appear (default [];
--                     with [] the check passes once the server has published for the file)
--   LSP_ROOT          workspace root sent to the server (default: the file's directory)
--   LSP_FILETYPE      force the filetype, i.e. the languageId sent in didOpen (default: detected)
--   LSP_INIT_OPTIONS  JSON object sent as initializationOptions (optional)
--   LSP_TIMEOUT_MS    how long to wait for the diagnostics (default 15000)
--
-- Prints one line per diagnostic: `file:line:col code message` (1-based line and column),
-- then a verdict; exits 0 when every expected code arrived, else 1 (also for a server that fails to start
-- or exits). 0.7 has no vim.lsp.start (0.8+), so this uses vim.lsp.start_client + buf_attach_client.

local function out(s) io.stdout:write(s .. '\n') end
local function finish(code)
  io.stdout:flush()
  vim.cmd(code == 0 and 'qall!' or ('cquit ' .. code))
end
local function json_env(name, default)
  local raw = os.getenv(name)
  if raw == nil or raw == '' then return default end
  local ok, val = pcall(vim.fn.json_decode, raw)
  if not ok then out(('FAIL: %s is not valid JSON: %s'):format(name, raw)); finish(2) end
  return val
end

local cmd = json_env('LSP_CMD', nil)
local file = os.getenv('LSP_FILE')
if type(cmd) ~= 'table' or #cmd == 0 or not file or file == '' then
  out('FAIL: set LSP_CMD (JSON array of argv) and LSP_FILE'); finish(2); return
end
local expect = json_env('LSP_EXPECT', {})
local init_options = json_env('LSP_INIT_OPTIONS', nil)
local timeout = tonumber(os.getenv('LSP_TIMEOUT_MS') or '') or 15000
if vim.fn.filereadable(file) == 0 then out('FAIL: cannot read ' .. file); finish(2); return end

vim.cmd('filetype on')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local ft = os.getenv('LSP_FILETYPE')
if ft and ft ~= '' then vim.bo[bufnr].filetype = ft end
local root = vim.fn.fnamemodify(os.getenv('LSP_ROOT') or vim.fn.fnamemodify(file, ':p:h'), ':p'):gsub('/$', '')
local uri = vim.uri_from_bufnr(bufnr)

local published, server_exit = 0, nil
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
local client_id = vim.lsp.start_client({
  name = 'standpoint-check',
  cmd = cmd,
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
  init_options = init_options,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result and result.uri == uri then published = published + 1 end
      return default_handler(err, result, ctx, config)
    end,
  },
  on_exit = function(code, signal) server_exit = ('code=%d signal=%d'):format(code, signal) end,
})
if not client_id then out('FAIL: could not start ' .. table.concat(cmd, ' ')); finish(1); return end
vim.lsp.buf_attach_client(bufnr, client_id)

local function codes_present()
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code ~= nil then seen[tostring(d.code)] = true end
  end
  local missing = {}
  for _, c in ipairs(expect) do
    if not seen[tostring(c)] then table.insert(missing, tostring(c)) end
  end
  return missing
end

local t0 = vim.loop.hrtime()
vim.wait(timeout, function()
  return server_exit ~= nil or (published > 0 and #codes_present() == 0)
end, 20)
local elapsed = (vim.loop.hrtime() - t0) / 1e6

local diags = vim.diagnostic.get(bufnr)
table.sort(diags, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
local shown = vim.fn.fnamemodify(file, ':.')
for _, d in ipairs(diags) do
  local msg = d.message:gsub('\n', ' ')
  out(('%s:%d:%d %s %s'):format(shown, d.lnum + 1, d.col + 1, tostring(d.code or '-'), msg))
end

local missing = codes_present()
local ok = published > 0 and #missing == 0
if server_exit and not ok then out('server exited early: ' .. server_exit) end
if published == 0 then
  out(('FAIL: no publishDiagnostics for %s %s'):format(shown,
    server_exit and 'before the server exited' or ('within ' .. timeout .. ' ms')))
elseif #missing > 0 then
  out(('FAIL: missing expected code(s): %s (%d diagnostic(s), waited %.0f ms)'):format(
    table.concat(missing, ', '), #diags, elapsed))
else
  out(('nvim-lsp-check: PASS %s, %d diagnostic(s), %d expected code(s) present after %.0f ms'):format(
    shown, #diags, #expect, elapsed))
end

vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
finish(ok and 0 or 1)
