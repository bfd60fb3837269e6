#pragma once

class ResourceRegistry;
class Store;

// What a fresh cluster holds: the system namespaces and one Ready node.
class Seed {
public:
    static void populate(Store *store, ResourceRegistry *registry);
};
