-- Test rule: tries to run a shell command.
rule {
  id = "test.escape-os",
  check = function(item, ctx)
    os.execute("touch /tmp/scrutiny-escaped")
  end,
}
