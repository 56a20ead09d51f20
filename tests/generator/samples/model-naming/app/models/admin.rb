module Admin
end
