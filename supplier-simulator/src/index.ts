export {
  startSupplierSimulator,
  defaultBehaviour,
  type Behaviour,
  type PlantedLine,
  type RunningSimulator,
  type SimOrder,
  type SimOrderStatus,
  type SimulatorControl,
  type SimulatorOptions,
} from "./simulator";
export { demoProducts, type SimProduct, type SimFulfilmentKind } from "./products";
export { signRequest, verifyRequest, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "./signature";
