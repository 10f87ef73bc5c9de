"""The simulated plant: OPC UA and Modbus PLCs, reachability targets and the network
between them, with fault injection for the demo and the integration tests.

Entry points: `simulator.plant_sim.SimulatedPlant` (in-process),
`simulator.process.SimulatorProcess` (own process) and the `plantconsole-sim` command.
"""
