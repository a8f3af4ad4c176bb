// xunit.v3 adds no implicit using; the shared TestServers helper (compiled into this project) needs Assert.
global using Xunit;
