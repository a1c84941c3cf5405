// TransportPCSC: module under construction.
