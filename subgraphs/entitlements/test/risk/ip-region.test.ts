// The region risk rules see is derived from the caller's address on the server.
import { regionOfIp } from "../../src/domain/risk/ip-region";

test.each([
  ["202.96.209.133", "CN-31"], // Shanghai Telecom
  ["120.24.78.68", "CN-44"], // Shenzhen, Guangdong
  ["114.114.114.114", "CN-32"], // Nanjing, Jiangsu
  ["240e:47d:c20:1627:30a3:ba0d:a5e6:ec19", "CN-44"], // IPv6, Guangzhou
  ["203.198.7.66", "CN-91"], // Hong Kong
  ["8.8.8.8", "US"],
  ["1.1.1.1", "AU"],
  ["133.242.0.1", "JP"],
])("%s is in %s", (ip, region) => {
  expect(regionOfIp(ip)).toBe(region);
});

test.each([["127.0.0.1"], ["10.0.0.1"], ["192.168.1.1"], ["::1"], ["not an address"], [""], [null], [undefined]])(
  "%p has no region",
  (ip) => {
    expect(regionOfIp(ip)).toBeNull();
  },
);
